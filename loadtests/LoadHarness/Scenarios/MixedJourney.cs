using System.Net.Http.Json;
using System.Text.Json;

namespace Reference.Load.Scenarios;

/// <summary>A product the load can put in baskets and orders, with the price the catalog quotes.</summary>
public sealed record Product(int Id, decimal Price);

/// <summary>
/// The storefront traffic mix at the gateway (DESIGN.md "Load profiles"): 70 % browse, 20 % basket,
/// 10 % checkout. Shapes follow docs/api.md. Every checkout carries a fresh Idempotency-Key, and each
/// acknowledged order (201, or 200 for a replay) is recorded with its key for reconciliation. Baskets and
/// orders are a buyer's: the init gets <see cref="Buyers"/> buyers from the gateway (<c>POST /api/buyers</c>)
/// and every basket and checkout request carries its buyer's token, as any client's does.
/// </summary>
public static class MixedJourney
{
    public const double BrowseWeight = 70, BasketWeight = 20, CheckoutWeight = 10;
    private const int PageSize = 10;
    /// <summary>Buyers per scenario, each its own basket (and, at the gateway, its own rate-limit bucket).</summary>
    public const int Buyers = 200;

    /// <summary>The mixed journey against <paramref name="gateway"/>. Without <paramref name="products"/>, the
    /// scenario's init reads the first 100 catalog items (ids and prices) through the gateway.</summary>
    public static Scenario Create(Uri gateway, IReadOnlyList<Product>? products = null)
    {
        var state = new CatalogSnapshot(products ?? [], products?.Count ?? 0);
        // New buyers per scenario, so concurrent or repeated runs never share baskets.
        IReadOnlyList<Buyer> buyers = [];
        Buyer PickBuyer(Random random) => buyers.Count > 0
            ? buyers[random.Next(buyers.Count)]
            : throw new InvalidOperationException("The mixed journey has no buyers: its init gets them from the gateway.");

        Step browse = new("browse", BrowseWeight, ctx =>
        {
            var catalog = state;
            if (catalog.Products.Count == 0 || ctx.Random.Next(2) == 0)
            {
                var pages = Math.Max(1, (catalog.TotalCount + PageSize - 1) / PageSize);
                return new HttpRequestMessage(HttpMethod.Get, $"api/catalog/items?pageIndex={ctx.Random.Next(pages)}&pageSize={PageSize}");
            }
            var product = catalog.Products[ctx.Random.Next(catalog.Products.Count)];
            return new HttpRequestMessage(HttpMethod.Get, $"api/catalog/items/{product.Id}");
        }) { Journey = "browse" };

        Step basket = new("basket", BasketWeight, ctx =>
        {
            var buyer = PickBuyer(ctx.Random);
            if (ctx.Random.Next(2) == 0)
                return buyer.Sign(new HttpRequestMessage(HttpMethod.Get, $"api/basket/{buyer.BuyerId}"));
            var items = PickItems(state, ctx.Random).Select(i => new { productId = i.Product.Id, quantity = i.Quantity });
            return buyer.Sign(new HttpRequestMessage(HttpMethod.Put, $"api/basket/{buyer.BuyerId}") { Content = JsonContent.Create(new { items }) });
        }) { Journey = "basket" };

        Step checkout = new("checkout", CheckoutWeight, ctx =>
        {
            var items = PickItems(state, ctx.Random)
                .Select(i => new { productId = i.Product.Id, quantity = i.Quantity, unitPrice = i.Product.Price });
            var buyer = PickBuyer(ctx.Random);
            var request = buyer.Sign(new HttpRequestMessage(HttpMethod.Post, "api/orders")
            {
                Content = JsonContent.Create(new { buyerId = buyer.BuyerId, items }),
            });
            var key = Guid.NewGuid().ToString();
            request.Headers.Add("Idempotency-Key", key);
            ctx.RecordSentIdempotencyKey(key);
            return request;
        })
        {
            Journey = "checkout",
            OnResponse = RecordAcknowledgedOrder,
        };

        return new Scenario("mixed-journey", gateway, [browse, basket, checkout])
        {
            // Learnt once per scenario (catalog and buyers): one reused across runs (the chaos runner's before, during and after) does not
            // ask again, when the catalog may be the thing that is down.
            Init = async (client, ct) =>
            {
                if (state.Products.Count == 0) state = await LearnCatalogAsync(client, ct);
                if (buyers.Count == 0) buyers = await Buyer.CreateManyAsync(client, Buyers, ct);
            },
        };
    }

    private static async Task RecordAcknowledgedOrder(StepContext ctx, HttpRequestMessage request, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status is not (200 or 201)) return;
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var id = document.RootElement.GetProperty("id").ToString();
        var key = request.Headers.GetValues("Idempotency-Key").First();
        ctx.AcknowledgeOrder(key, id, status);
    }

    private static IEnumerable<(Product Product, int Quantity)> PickItems(CatalogSnapshot state, Random random)
    {
        if (state.Products.Count == 0)
            throw new InvalidOperationException("The mixed journey has no products: pass them to MixedJourney.Create or let its init read the catalog.");
        var count = 1 + random.Next(2);
        for (var i = 0; i < count; i++)
            yield return (state.Products[random.Next(state.Products.Count)], 1 + random.Next(3));
    }

    private static async Task<CatalogSnapshot> LearnCatalogAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("api/catalog/items?pageIndex=0&pageSize=100", ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Scenario init: GET {client.BaseAddress}api/catalog/items answered {(int)response.StatusCode}; is the gateway up?");
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var root = document.RootElement;
        var products = root.GetProperty("data").EnumerateArray()
            .Select(item => new Product(item.GetProperty("id").GetInt32(), item.GetProperty("price").GetDecimal()))
            .ToArray();
        if (products.Length == 0)
            throw new InvalidOperationException("Scenario init: the catalog returned no items; seed it before running load.");
        var total = root.TryGetProperty("count", out var count) ? count.GetInt32() : products.Length;
        return new CatalogSnapshot(products, total);
    }

    private sealed record CatalogSnapshot(IReadOnlyList<Product> Products, int TotalCount);
}
