using Reference.Ordering.Model;

namespace Reference.Ordering.Infrastructure;

/// <summary>A submitted price that is not Catalog's current one.</summary>
public sealed record PriceMismatch(string Field, int ProductId, decimal SubmittedPrice, decimal CurrentPrice);

/// <summary>What Catalog says about the lines of an order.</summary>
public sealed record PriceCheckResult(IReadOnlyList<OrderItem> Lines, Dictionary<string, string[]> UnknownProducts, IReadOnlyList<PriceMismatch> Mismatches)
{
    public bool Ok => UnknownProducts.Count == 0 && Mismatches.Count == 0;
}

/// <summary>
/// Every product must exist and cost what the buyer was shown. Products are looked up concurrently,
/// once each even when several lines share one. Throws <see cref="CatalogUnavailableException"/>
/// when Catalog cannot answer.
/// </summary>
public static class CatalogPriceCheck
{
    public static async Task<PriceCheckResult> CheckAsync(CatalogClient catalog, IReadOnlyList<OrderItemRequest> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.ProductId!.Value).Distinct().ToArray();
        var found = await Task.WhenAll(ids.Select(id => catalog.FindAsync(id, cancellationToken)));
        var products = ids.Zip(found).ToDictionary(p => p.First, p => p.Second);

        var lines = new List<OrderItem>(items.Count);
        var unknown = new Dictionary<string, string[]>();
        var mismatches = new List<PriceMismatch>();
        for (var i = 0; i < items.Count; i++)
        {
            var (productId, quantity, unitPrice) = (items[i].ProductId!.Value, items[i].Quantity!.Value, items[i].UnitPrice!.Value);
            if (products[productId] is not { } product)
            {
                unknown[$"items[{i}].productId"] = [$"Product {productId} does not exist."];
                continue;
            }
            if (product.Price != unitPrice)
            {
                mismatches.Add(new($"items[{i}].unitPrice", productId, unitPrice, product.Price));
                continue;
            }
            lines.Add(new OrderItem(productId, product.Name, quantity, unitPrice));
        }
        return new PriceCheckResult(lines, unknown, mismatches);
    }
}
