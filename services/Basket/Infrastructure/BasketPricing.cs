using Reference.Basket.Model;

namespace Reference.Basket.Infrastructure;

/// <summary>What pricing a basket came to: the priced basket, or the reason it could not be priced.</summary>
public abstract record PricingResult
{
    public sealed record Priced(CustomerBasket Basket) : PricingResult;
    /// <summary>Catalog says the product does not exist: a 400 naming <see cref="Field"/>.</summary>
    public sealed record UnknownProduct(string Field, int ProductId) : PricingResult;
    /// <summary>Catalog is unreachable and no price was ever seen for the product: 503, try again.</summary>
    public sealed record NoKnownPrice(string Field, int ProductId) : PricingResult;
}

/// <summary>
/// Prices each line against Catalog, all lines at once. When Catalog cannot be reached the line keeps
/// its last known price — from memory, else from the basket already stored — marked <c>verified: false</c>.
/// </summary>
public sealed class BasketPricing(CatalogClient catalog, LastKnownPrices lastKnown, RedisBasketStore store)
{
    public async Task<PricingResult> PriceAsync(string buyerId, IReadOnlyList<BasketLine> lines, CancellationToken cancellationToken)
    {
        var lookups = await Task.WhenAll(lines.Select(l => catalog.GetItemAsync(l.ProductId, cancellationToken)));

        CustomerBasket? stored = null;
        var items = new List<BasketItem>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, lookup) = (lines[i], lookups[i]);
            switch (lookup.Outcome)
            {
                case CatalogLookupOutcome.Found:
                    lastKnown.Remember(lookup.Item!);
                    items.Add(new BasketItem(line.ProductId, lookup.Item!.Name, lookup.Item.Price, line.Quantity, Verified: true));
                    break;
                case CatalogLookupOutcome.NotFound:
                    return new PricingResult.UnknownProduct($"items[{line.Index}].productId", line.ProductId);
                default:
                    if (lastKnown.TryGet(line.ProductId, out var known))
                    {
                        items.Add(new BasketItem(line.ProductId, known.Name, known.Price, line.Quantity, Verified: false));
                        break;
                    }
                    stored ??= await store.GetAsync(buyerId);
                    if (stored.Items.FirstOrDefault(s => s.ProductId == line.ProductId) is { } previous)
                    {
                        items.Add(previous with { Quantity = line.Quantity, Verified = false });
                        break;
                    }
                    return new PricingResult.NoKnownPrice($"items[{line.Index}].productId", line.ProductId);
            }
        }
        return new PricingResult.Priced(new CustomerBasket(buyerId, items.OrderBy(i => i.ProductId).ToList()));
    }
}
