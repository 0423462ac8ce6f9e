using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Reference.Chaos.Experiments.Running;
using Reference.Chaos.FaultProxy.Client;

namespace Reference.Chaos.Tests.Experiments;

/// <summary>
/// A real HTTP server on a free loopback port that answers the mixed journey's requests (docs/api.md
/// shapes) fast — or, once <see cref="Failing"/> is set, with 500s. The runner's tests disturb it the
/// way an experiment disturbs the system. No services, databases or processes behind it.
/// </summary>
public sealed class StandInGateway : IChaosSystem, IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInGateway(WebApplication app) => _app = app;

    public volatile bool Failing;

    public static async Task<StandInGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var gateway = new StandInGateway(app);
        app.Use(async (context, next) =>
        {
            if (gateway.Failing) { context.Response.StatusCode = 500; return; }
            await next(context);
        });
        app.MapGet("/api/catalog/items", () => Results.Json(new { data = new[] { new { id = 1, price = 2.5m } }, count = 1 }));
        app.MapGet("/api/catalog/items/{id:int}", (int id) => Results.Json(new { id, name = "stand-in", price = 2.5m }));
        app.MapGet("/api/basket/{buyer}", (string buyer) => Results.Json(new { buyerId = buyer, items = Array.Empty<object>() }));
        app.MapPut("/api/basket/{buyer}", (string buyer) => Results.Json(new { buyerId = buyer, items = Array.Empty<object>() }));
        app.MapPost("/api/orders", () => Results.Json(new { id = Guid.NewGuid() }, statusCode: 201));
        app.MapPost("/api/buyers", () => Results.Json(new { buyerId = "stand-in", token = "stand-in.token" }, statusCode: 201));
        await app.StartAsync();
        return gateway;
    }

    public Uri Gateway => new(_app.Urls.Single());
    public Uri Endpoint(string resource) => Gateway;
    public IReadOnlyList<string> Services => [];
    public FaultProxyClient FaultProxy(string server) => throw new NotSupportedException("The stand-in has no fault proxies.");
    public string AdminKey => "";
    public string ConnectionString(string resource) => throw new NotSupportedException("The stand-in has no databases.");
    public int Kill(string resource) => throw new NotSupportedException("The stand-in has no processes.");
    public IReadOnlyList<DependencyEdge> Edges => [];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
