using System.Collections.Concurrent;
using System.Net.Sockets;
using Reference.Chaos.FaultProxy.Faults;
using Reference.Chaos.FaultProxy.Model;
using Reference.Chaos.FaultProxy.Toxics;

namespace Reference.Chaos.FaultProxy.Proxy;

/// <summary>
/// One client connection and its upstream twin, joined by two <see cref="DirectionPipe"/>s. Knows
/// which faults touch it: toxicity is decided once per connection and fault, on first sight, so a
/// client sees a fault consistently for as long as its connection lives.
/// </summary>
public sealed class ProxiedConnection : IConnectionControl
{
    private static long s_lastNumber;
    private readonly Socket _client;
    private readonly CancellationTokenSource _closed = new();
    private readonly ConcurrentDictionary<string, bool> _affected = new(StringComparer.Ordinal);
    private Socket? _upstream;
    private int _ended;

    public ProxiedConnection(Socket client)
    {
        _client = client;
        _client.NoDelay = true;
        Number = Interlocked.Increment(ref s_lastNumber);
        Closed = _closed.Token;
    }

    public long Number { get; }

    public CancellationToken Closed { get; }

    public bool IsAffectedBy(ActiveFault fault) =>
        _affected.GetOrAdd(fault.Id, static (_, toxicity) => toxicity >= 1 || Random.Shared.NextDouble() < toxicity, fault.View.Toxicity);

    /// <summary>Connects upstream and pipes both ways until both directions end, or a toxic or "down" ends the connection.</summary>
    public async Task RunAsync(FaultProxyOptions options, FaultRegistry registry, ILogger logger, CancellationToken stopping)
    {
        using var stop = stopping.Register(Reset);
        try
        {
            _upstream = await ConnectUpstreamAsync(options, logger, stopping);
            if (_upstream is null)
            {
                // The nearest thing to "connection refused" once the handshake is done: a reset.
                Reset();
                return;
            }
            if (Closed.IsCancellationRequested)
            {
                // Cut (by "down" or shutdown) while connecting: End ran before there was an upstream to close.
                _upstream.Dispose();
                return;
            }
            var upstream = new DirectionPipe(_client, _upstream, FaultDirection.Upstream, this, registry);
            var downstream = new DirectionPipe(_upstream, _client, FaultDirection.Downstream, this, registry);
            await Task.WhenAll(upstream.RunAsync(_closed.Token), downstream.RunAsync(_closed.Token));
        }
        finally
        {
            End(abortive: false);
        }
    }

    public void Close() => End(abortive: false);

    public void Reset() => End(abortive: true);

    private void End(bool abortive)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        foreach (var socket in new[] { _client, _upstream })
        {
            if (socket is null) continue;
            try
            {
                // Linger 0 turns the close into a RST; otherwise shut down first so data already
                // written is delivered ahead of the FIN.
                if (abortive) socket.LingerState = new LingerOption(true, 0);
                else socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { /* already gone */ }
            socket.Dispose();
        }
        _closed.Cancel();
    }

    private static async Task<Socket?> ConnectUpstreamAsync(FaultProxyOptions options, ILogger logger, CancellationToken stopping)
    {
        var (host, port) = options.UpstreamHostAndPort;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            logger.LogInformation("Upstream {Host}:{Port} did not accept a connection ({Reason}); resetting the client", host, port, ex.Message);
            return null;
        }
    }
}
