using Reference.Catalog.Infrastructure;
using Reference.Catalog.Model;

namespace Reference.Catalog.Tests.Unit;

public sealed class CacheKeyTests
{
    [Fact]
    public void Page_keys_differ_for_every_part_of_the_query_and_the_version()
    {
        var query = new CatalogQuery(1, 10, "Contoso", "Tents");
        var keys = new[]
        {
            CatalogCache.PageKey(0, query),
            CatalogCache.PageKey(1, query),
            CatalogCache.PageKey(0, query with { PageIndex = 2 }),
            CatalogCache.PageKey(0, query with { PageSize = 20 }),
            CatalogCache.PageKey(0, query with { Brand = null }),
            CatalogCache.PageKey(0, query with { Type = null }),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Separators_inside_filters_cannot_make_two_queries_share_a_key()
    {
        var a = CatalogCache.PageKey(0, new CatalogQuery(0, 10, "a:b", null));
        var b = CatalogCache.PageKey(0, new CatalogQuery(0, 10, "a", "b"));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Item_keys_differ_by_version_and_id_and_never_collide_with_the_version_key()
    {
        var keys = new[] { CatalogCache.ItemKey(0, 1), CatalogCache.ItemKey(1, 1), CatalogCache.ItemKey(0, 11), CatalogCache.ItemVersionKey(1) };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
