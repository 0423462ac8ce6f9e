using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reference.Testing.Hosting;

namespace Reference.Basket.Tests;

/// <summary>Stands in for Catalog: GET /api/catalog/items/{id} from a dictionary, 404 otherwise; can be told to fail.</summary>
public sealed class CatalogStub : IAsyncDisposable
{
    private StubServer _server = null!;

    public ConcurrentDictionary<int, (string Name, decimal Price)> Items { get; } = new()
    {
        [1] = ("Reference mug", 12.50m),
        [2] = ("Reference T-shirt", 20.00m),
        [3] = ("Reference sticker", 1.25m),
    };

    /// <summary>When true every request gets a 503, as a broken Catalog replica would answer.</summary>
    public volatile bool Failing;

    public int Requests => _requests;
    private int _requests;

    public string Address => _server.Address;

    public static async Task<CatalogStub> StartAsync()
    {
        var stub = new CatalogStub();
        stub._server = await StubServer.StartAsync(app =>
        {
            app.MapGet("/health", () => Results.Ok());
            app.MapGet("/api/catalog/items/{id:int}", (int id) =>
            {
                Interlocked.Increment(ref stub._requests);
                if (stub.Failing) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                return stub.Items.TryGetValue(id, out var item)
                    ? Results.Ok(new { id, name = item.Name, description = "", price = item.Price, brand = "Reference", type = "Merch" })
                    : Results.NotFound();
            });
        });
        return stub;
    }

    /// <summary>Closes the port: Basket's next call is refused, as when Catalog is down.</summary>
    public Task StopAsync() => _server.StopAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
