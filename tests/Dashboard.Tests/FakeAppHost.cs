using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reference.Dashboard.Tests;

/// <summary>
/// A stand-in for the AppHost's control API (docs/api.md) on a free loopback port: fixed resources,
/// a console log, and a record of the actions it was asked for. It checks the bearer token like the real one.
/// </summary>
public sealed class FakeAppHost : IAsyncDisposable
{
    public const string Token = "control-token";
    private readonly WebApplication _app;
    public ConcurrentQueue<string> Actions { get; } = new();
    public Uri Url { get; }

    private FakeAppHost(WebApplication app, Uri url) { _app = app; Url = url; }

    public static async Task<FakeAppHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeAppHost? self = null;

        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {Token}") { context.Response.StatusCode = 401; return; }
            await next(context);
        });
        app.MapGet("/api/resources", () => Results.Text("""
            [ { "name": "catalog", "type": "project", "state": "Running", "endpoints": [ "http://127.0.0.1:5101", "http://127.0.0.1:5102" ],
                "replicas": [ { "index": 0, "pid": 101, "state": "Running", "health": "Healthy", "restarts": 0, "endpoint": "http://127.0.0.1:5101" },
                              { "index": 1, "pid": 102, "state": "Running", "health": "Unhealthy", "restarts": 3, "endpoint": "http://127.0.0.1:5102" } ] },
              { "name": "cache", "type": "redis", "state": "Exited", "endpoints": [], "replicas": [] } ]
            """, "application/json"));
        app.MapPost("/api/resources/{name}/{action}", (string name, string action, int? replica) =>
        {
            self!.Actions.Enqueue($"{action} {name} {replica?.ToString() ?? "all"}");
            return Results.Accepted();
        });
        app.MapGet("/api/resources/{name}/logs", (string name, long after) => Results.Json(
            new[] { new { seq = 1L, timestamp = DateTime.UtcNow, stream = "stdout", text = $"{name} started" },
                    new { seq = 2L, timestamp = DateTime.UtcNow, stream = "stderr", text = $"{name} warning" } }.Where(l => l.seq > after)));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeAppHost(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
