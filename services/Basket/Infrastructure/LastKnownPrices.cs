using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Reference.Basket.Model;

namespace Reference.Basket.Infrastructure;

/// <summary>
/// The last name and price Catalog gave for each product, kept in memory for when Catalog cannot be
/// reached. Bounded: once full, new products are not remembered (the basket's own stored price is the
/// second fallback), so memory cannot grow with the catalogue.
/// </summary>
public sealed class LastKnownPrices(IOptions<BasketOptions> options)
{
    private readonly ConcurrentDictionary<int, CatalogItem> _items = new();

    public void Remember(CatalogItem item)
    {
        if (_items.Count < options.Value.LastKnownPriceCapacity || _items.ContainsKey(item.Id))
        {
            _items[item.Id] = item;
        }
    }

    public bool TryGet(int productId, out CatalogItem item) => _items.TryGetValue(productId, out item!);
}
