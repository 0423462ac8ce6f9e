using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reference.Load.Hosting;

/// <summary>
/// A minimal Kestrel server on 127.0.0.1 (port 0 = the OS picks a free one) with one request handler:
/// the known target that the harness itself is measured against, in tests and in the serve command.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Base address with a trailing slash, e.g. http://127.0.0.1:40123/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Fires when the host is asked to stop (SIGTERM or Ctrl+C reach the host's console lifetime first).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Answers every request with 200 "ok": the cheapest possible endpoint.</summary>
    public static Task<LoopbackServer> StartTrivialAsync(int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(static context => context.Response.WriteAsync("ok", context.RequestAborted), port, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
