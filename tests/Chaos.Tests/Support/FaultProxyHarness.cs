using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Reference.Chaos.FaultProxy.Client;
using Reference.Testing.Processes;

namespace Reference.Chaos.Tests.Support;

/// <summary>
/// A fault proxy in this process: its TCP side on a real loopback port from the OS, its control API
/// in memory (the client library talks to it as to the real thing).
/// </summary>
public sealed class FaultProxyHarness : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private FaultProxyHarness(WebApplicationFactory<Program> factory, int port)
    {
        _factory = factory;
        Port = port;
        Http = factory.CreateClient();
        Client = new FaultProxyClient(Http);
    }

    /// <summary>Where clients connect.</summary>
    public int Port { get; }

    public FaultProxyClient Client { get; }

    /// <summary>The control API, raw: for what the client library would not send.</summary>
    public HttpClient Http { get; }

    public static FaultProxyHarness Start(int upstreamPort) => Start($"127.0.0.1:{upstreamPort}");

    public static FaultProxyHarness Start(string upstream)
    {
        var port = FreePort.Next();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("FaultProxy:Listen", $"127.0.0.1:{port}");
            host.UseSetting("FaultProxy:Upstream", upstream);
            host.UseSetting("FaultProxy:Target", "echo");
            host.UseSetting("FaultProxy:ConnectTimeout", "00:00:02");
            host.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
        // Building the client starts the host, and with it the listener.
        return new FaultProxyHarness(factory, port);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
