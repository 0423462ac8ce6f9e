using System.Diagnostics;
using System.Net.Sockets;

namespace Reference.Chaos.Tests.Support;

/// <summary>A raw TCP client for tests: every read has a deadline, and what happened is reported plainly.</summary>
public sealed class Wire : IDisposable
{
    private Wire(TcpClient client)
    {
        Client = client;
        Stream = client.GetStream();
    }

    public TcpClient Client { get; }
    public NetworkStream Stream { get; }

    public static async Task<Wire> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        return new Wire(client);
    }

    public Task SendAsync(byte[] data) => Stream.WriteAsync(data).AsTask();

    /// <summary>Reads exactly <paramref name="count"/> bytes or fails when <paramref name="within"/> passes.</summary>
    public async Task<byte[]> ReceiveAsync(int count, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[count];
        await Stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    /// <summary>Reads until the peer closes; returns every byte and how long it took. Fails when <paramref name="within"/> passes.</summary>
    public async Task<(byte[] Data, TimeSpan Elapsed)> ReceiveUntilClosedAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var started = Stopwatch.StartNew();
        using var all = new MemoryStream();
        await Stream.CopyToAsync(all, timeout.Token);
        return (all.ToArray(), started.Elapsed);
    }

    /// <summary>What ends a read within <paramref name="within"/>: "closed" (EOF), the socket error, "timed out", or "data".</summary>
    public async Task<string> HowReadEndsAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var buffer = new byte[1024];
            return await Stream.ReadAsync(buffer, timeout.Token) == 0 ? "closed" : "data";
        }
        catch (OperationCanceledException) { return "timed out"; }
        catch (IOException ex) when (ex.InnerException is SocketException socket) { return socket.SocketErrorCode.ToString(); }
        catch (SocketException ex) { return ex.SocketErrorCode.ToString(); }
    }

    public void Dispose() => Client.Dispose();

    public static byte[] Bytes(int count, byte seed = 1) => Enumerable.Range(0, count).Select(i => (byte)(i * 31 + seed)).ToArray();
}
