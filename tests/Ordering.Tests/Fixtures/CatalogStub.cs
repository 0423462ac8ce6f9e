using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reference.Ordering.Tests.Fixtures;

/// <summary>
/// A tiny real HTTP server standing in for the Catalog service, which is a neighbour of the code under
/// test (it belongs to another part of the system). It serves only what Ordering reads:
/// <c>GET /api/catalog/items/{id}</c> → 200 item | 404, in the shape docs/api.md defines.
/// </summary>
public sealed class CatalogStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, decimal> _prices = new();

    private CatalogStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<CatalogStub> StartAsync(IReadOnlyDictionary<int, decimal> prices)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new CatalogStub(app);
        foreach (var (id, price) in prices) stub._prices[id] = price;

        app.MapGet("/api/catalog/items/{id:int}", (int id) => stub._prices.TryGetValue(id, out var price)
            ? Results.Json(new { id, name = $"Product {id}", description = "stub", price, brand = "Stub", type = "Stub" })
            : Results.NotFound());
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return stub;
    }

    public void SetPrice(int productId, decimal price) => _prices[productId] = price;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
