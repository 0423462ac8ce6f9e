using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reference.Testing.Hosting;

namespace Reference.Ordering.Tests.Fixtures;

/// <summary>
/// A tiny real HTTP server (TestSupport's <see cref="StubServer"/>) standing in for the Catalog service,
/// which is a neighbour of the code under test (it belongs to another part of the system). It serves
/// only what Ordering reads: <c>GET /api/catalog/items/{id}</c> → 200 item | 404, in the shape docs/api.md defines.
/// </summary>
public sealed class CatalogStub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, decimal> _prices = new();
    private StubServer _server = null!;

    public string BaseUrl => _server.Address;

    public static async Task<CatalogStub> StartAsync(IReadOnlyDictionary<int, decimal> prices)
    {
        var stub = new CatalogStub();
        foreach (var (id, price) in prices) stub._prices[id] = price;
        stub._server = await StubServer.StartAsync(app =>
            app.MapGet("/api/catalog/items/{id:int}", (int id) => stub._prices.TryGetValue(id, out var price)
                ? Results.Json(new { id, name = $"Product {id}", description = "stub", price, brand = "Stub", type = "Stub" })
                : Results.NotFound()));
        return stub;
    }

    public void SetPrice(int productId, decimal price) => _prices[productId] = price;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
