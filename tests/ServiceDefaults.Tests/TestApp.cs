using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults.Tests;

/// <summary>A small web app with the service defaults on an in-memory server, configured per test.</summary>
internal static class TestApp
{
    public const string ApplicationName = "Reference.TestService";

    public static WebApplicationBuilder CreateBuilder(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = ApplicationName, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.WebHost.UseTestServer();
        return builder;
    }

    /// <summary>Builds with the defaults, lets the test map routes, maps the default endpoints, starts.</summary>
    public static async Task<WebApplication> StartAsync(WebApplicationBuilder builder, Action<WebApplication>? map = null)
    {
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused at once.</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
