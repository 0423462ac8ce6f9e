using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Reference.Chaos.FaultProxy.Faults;
using Reference.Chaos.FaultProxy.Toxics.Down;

namespace Reference.Chaos.FaultProxy.Proxy;

/// <summary>
/// Accepts clients on <see cref="FaultProxyOptions.Listen"/> and gives each a <see cref="ProxiedConnection"/>.
/// Binds during start-up (a taken port fails the start, loudly); never touches the upstream until a
/// client arrives, so the proxy can start before the server it fronts and outlive its restarts.
/// </summary>
public sealed class ProxyListener(
    IOptions<FaultProxyOptions> options,
    FaultRegistry registry,
    ConnectionTracker connections,
    DownGate down,
    ILogger<ProxyListener> logger) : BackgroundService
{
    private static readonly TimeSpan RebindPause = TimeSpan.FromSeconds(1);

    private Socket? _firstListener;

    /// <summary>
    /// Binds before the host reports started (ExecuteAsync runs on a background thread), so a client
    /// that connects as soon as the proxy is up is not refused, and a taken port fails the start.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _firstListener = Bind(options.Value.ListenEndPoint);
        logger.LogInformation("Fault proxy listening on {Listen}, forwarding to {Upstream}", options.Value.Listen, options.Value.Upstream);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoint = options.Value.ListenEndPoint;
        while (!stoppingToken.IsCancellationRequested)
        {
            var untilDown = await down.WaitUntilUpAsync(stoppingToken);
            Socket listener;
            try
            {
                listener = Interlocked.Exchange(ref _firstListener, null) ?? Bind(endpoint);
            }
            catch (SocketException ex)
            {
                logger.LogError(ex, "Could not listen on {EndPoint} again after down; retrying", endpoint);
                await Task.Delay(RebindPause, stoppingToken);
                continue;
            }
            using (listener)
            {
                await AcceptUntilAsync(listener, untilDown, stoppingToken);
            }
        }
    }

    private async Task AcceptUntilAsync(Socket listener, CancellationToken untilDown, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(untilDown, stoppingToken);
        // Closed inside the cancel itself, so by the time POST /faults answers for "down", connecting is refused.
        using var closeOnDown = untilDown.Register(static socket => ((Socket)socket!).Dispose(), listener);
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync(stop.Token);
                _ = ServeAsync(new ProxiedConnection(client), untilDown, stoppingToken);
            }
        }
        catch (Exception) when (untilDown.IsCancellationRequested || stoppingToken.IsCancellationRequested)
        {
            // Down came into force (the listener closes, so new connections are refused) or the host is stopping.
            // Judged on the two tokens themselves, not on the linked one nor the exception's type: the close
            // above runs inside Cancel() before the linked token hears of it, so the pending accept can fail
            // with a SocketException (OperationAborted) while "stop" still reads not-cancelled. Letting that
            // escape ended ExecuteAsync, which stops the host: the proxy died on "down" now and then.
        }
    }

    private async Task ServeAsync(ProxiedConnection connection, CancellationToken untilDown, CancellationToken stoppingToken)
    {
        connections.Opened(connection);
        try
        {
            if (untilDown.IsCancellationRequested) connection.Reset();
            else await connection.RunAsync(options.Value, registry, logger, stoppingToken);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Connection {Number} ended with an error", connection.Number);
        }
        finally
        {
            connections.Closed(connection);
        }
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Without it, re-listening after "down" fails while the cut connections sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
