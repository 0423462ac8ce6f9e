extern alias faultproxy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using Reference.Chaos.FaultProxy.Client;
using Reference.Testing.Processes;

namespace Reference.Catalog.Tests.Integration;

/// <summary>
/// The fixture's Postgres seen through a fault proxy (chaos/FaultProxy, in this process): a replica
/// connected here can have its answers held back while another replica, connected directly, writes.
/// </summary>
public sealed class PostgresBehindProxy : IAsyncDisposable
{
    private readonly WebApplicationFactory<faultproxy::Program> _proxy;
    private readonly HttpClient _control;

    private PostgresBehindProxy(WebApplicationFactory<faultproxy::Program> proxy, int port)
    {
        _proxy = proxy;
        Port = port;
        _control = proxy.CreateClient(); // starts the proxy's listener
        Faults = new FaultProxyClient(_control);
    }

    public int Port { get; }
    public FaultProxyClient Faults { get; }

    public static PostgresBehindProxy Start(PostgresServer postgres)
    {
        var port = FreePort.Next();
        var proxy = new WebApplicationFactory<faultproxy::Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("FaultProxy:Listen", $"127.0.0.1:{port}");
            host.UseSetting("FaultProxy:Upstream", $"127.0.0.1:{postgres.Port}");
            host.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
        return new PostgresBehindProxy(proxy, port);
    }

    /// <summary><paramref name="connectionString"/> with its host and port replaced by the proxy's.</summary>
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await _proxy.DisposeAsync();
    }
}
