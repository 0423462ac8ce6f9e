using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Reference.Chaos.FaultProxy.Faults;
using Reference.Chaos.FaultProxy.Model;
using Reference.Chaos.FaultProxy.Toxics;

namespace Reference.Chaos.FaultProxy.Proxy;

/// <summary>
/// One direction of a connection: a reader that stamps chunks as they arrive and a writer that runs
/// them through the toxics in force and sends them on. They are split by a small channel so a delayed
/// chunk does not stop the next one from being read (and stamped) on time; with no fault in force the
/// writer sends straight away, and synchronous continuations keep that hop cheap.
/// </summary>
public sealed class DirectionPipe(Socket from, Socket to, FaultDirection direction, ProxiedConnection connection, FaultRegistry registry)
{
    private const int BufferSize = 16 * 1024;

    private readonly Channel<Chunk> _chunks = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(8)
    {
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _chainVersion = -1;
    private Stage[] _chain = [];
    private Dictionary<string, ToxicLink> _links = new(StringComparer.Ordinal);

    private readonly record struct Stage(IToxic Toxic, ToxicLink Link);

    public Task RunAsync(CancellationToken closed) => Task.WhenAll(ReadAsync(closed), WriteAsync(closed));

    private async Task ReadAsync(CancellationToken closed)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                int read;
                try
                {
                    read = await from.ReceiveAsync(buffer, SocketFlags.None, closed);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                await _chunks.Writer.WriteAsync(new Chunk(buffer.AsMemory(0, read), Stopwatch.GetTimestamp()), closed);
            }
            _chunks.Writer.TryComplete();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || closed.IsCancellationRequested)
        {
            _chunks.Writer.TryComplete();
        }
        catch (SocketException)
        {
            // The sender reset its side: pass the reset on rather than a polite close.
            _chunks.Writer.TryComplete();
            connection.Reset();
        }
    }

    private async Task WriteAsync(CancellationToken closed)
    {
        try
        {
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(closed))
            {
                try
                {
                    var chain = Chain(registry.Active);
                    if (chain.Length == 0) await SendAsync(chunk, closed);
                    else await RunAsync(chain, 0, chunk, closed);
                }
                finally
                {
                    if (MemoryMarshal.TryGetArray(chunk.Data, out var segment)) ArrayPool<byte>.Shared.Return(segment.Array!);
                }
            }
            foreach (var stage in Chain(registry.Active)) await stage.Toxic.OnEndOfStreamAsync(stage.Link, closed);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || closed.IsCancellationRequested)
        {
            // The connection was closed or reset: nothing more to send.
        }
        catch (SocketException)
        {
            connection.Reset();
        }
    }

    private ValueTask RunAsync(Stage[] chain, int index, Chunk chunk, CancellationToken cancellationToken) =>
        index == chain.Length
            ? SendAsync(chunk, cancellationToken)
            : chain[index].Toxic.PipeAsync(chunk, chain[index].Link, (next, ct) => RunAsync(chain, index + 1, next, ct), cancellationToken);

    private async ValueTask SendAsync(Chunk chunk, CancellationToken cancellationToken)
    {
        var remaining = chunk.Data;
        while (!remaining.IsEmpty)
            remaining = remaining[await to.SendAsync(remaining, SocketFlags.None, cancellationToken)..];
    }

    /// <summary>The toxics for this direction, rebuilt only when the fault set changed; a toxic keeps its link (and state) across rebuilds.</summary>
    private Stage[] Chain(ActiveFaults active)
    {
        if (active.Version == _chainVersion) return _chain;
        var links = new Dictionary<string, ToxicLink>(StringComparer.Ordinal);
        var chain = new List<Stage>();
        foreach (var fault in active.Faults)
        {
            if (fault.Toxic is null || !fault.Affects(direction) || !connection.IsAffectedBy(fault)) continue;
            var link = _links.GetValueOrDefault(fault.Id) ?? new ToxicLink(connection);
            links[fault.Id] = link;
            chain.Add(new Stage(fault.Toxic, link));
        }
        (_links, _chain, _chainVersion) = (links, chain.ToArray(), active.Version);
        return _chain;
    }
}
