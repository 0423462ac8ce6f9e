using Reference.Catalog.Infrastructure;
using Reference.Catalog.Model;

namespace Reference.Catalog.Tests.Unit;

public sealed class CatalogSeedTests
{
    [Fact]
    public void The_seed_is_a_few_hundred_distinct_items_with_ids_in_order()
    {
        var items = CatalogSeed.Items;

        Assert.InRange(items.Count, 200, 500);
        Assert.Equal(Enumerable.Range(1, items.Count), items.Select(i => i.Id));
        Assert.Equal(items.Count, items.Select(i => i.Name).Distinct().Count());
        Assert.True(items.Select(i => i.Brand).Distinct().Count() >= 10, "expected at least ten brands");
        Assert.True(items.Select(i => i.Type).Distinct().Count() >= 5, "expected at least five types");
    }

    [Fact]
    public void Every_seed_item_passes_the_api_validation()
    {
        foreach (var item in CatalogSeed.Items)
        {
            var errors = new CatalogItemRequest(item.Name, item.Description, item.Price, item.Brand, item.Type).Validate();
            Assert.True(errors.Count == 0, $"seed item {item.Id} '{item.Name}' is invalid: {string.Join("; ", errors.Keys)}");
        }
    }

    [Fact]
    public void Prices_vary_by_range_and_brand()
    {
        var items = CatalogSeed.Items;
        Assert.True(items.Select(i => i.Price).Distinct().Count() > 20, "prices should not be all alike");
        var classic = items.Single(i => i.Name == "Northwind Classic Tent");
        var expedition = items.Single(i => i.Name == "Northwind Expedition Tent");
        Assert.True(expedition.Price > classic.Price, $"an expedition tent ({expedition.Price}) should cost more than a classic one ({classic.Price})");
    }
}
