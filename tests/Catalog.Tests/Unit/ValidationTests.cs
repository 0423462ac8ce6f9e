using Reference.Catalog.Model;

namespace Reference.Catalog.Tests.Unit;

public sealed class ValidationTests
{
    private static readonly CatalogItemRequest Valid = new("Tent", "Two-person tent.", 199.99m, "Contoso", "Tents");

    [Fact]
    public void A_complete_request_is_valid_and_trimmed_on_the_way_in()
    {
        Assert.Empty(Valid.Validate());
        Assert.Equal(new CatalogItem(3, "Tent", "", 1m, "B", "T"), new CatalogItemRequest(" Tent ", null, 1m, " B", "T ").ToItem(3));
    }

    public static TheoryData<CatalogItemRequest, string> Invalid => new()
    {
        { Valid with { Name = null }, "name" },
        { Valid with { Name = new string('n', 101) }, "name" },
        { Valid with { Description = new string('d', 1001) }, "description" },
        { Valid with { Price = null }, "price" },
        { Valid with { Price = 0m }, "price" },
        { Valid with { Price = 100_000.01m }, "price" },
        { Valid with { Price = 9.999m }, "price" },
        { Valid with { Brand = "" }, "brand" },
        { Valid with { Brand = new string('b', 51) }, "brand" },
        { Valid with { Type = " " }, "type" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_field_is_named(CatalogItemRequest request, string field)
    {
        var errors = request.Validate();
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void The_price_bounds_are_inclusive_at_the_top()
    {
        Assert.Empty((Valid with { Price = 100_000m }).Validate());
        Assert.Empty((Valid with { Price = 0.01m }).Validate());
    }

    [Theory]
    [InlineData(null, null, 0, 10)]
    [InlineData(3, 100, 3, 100)]
    [InlineData(0, 1, 0, 1)]
    public void Listing_queries_default_and_accept_the_documented_range(int? pageIndex, int? pageSize, int expectedIndex, int expectedSize)
    {
        var (query, errors) = CatalogQuery.Create(pageIndex, pageSize, " Contoso ", "");
        Assert.Empty(errors);
        Assert.Equal(new CatalogQuery(expectedIndex, expectedSize, "Contoso", null), query);
    }

    [Theory]
    [InlineData(-1, 10, "pageIndex")]
    [InlineData(0, 0, "pageSize")]
    [InlineData(0, 101, "pageSize")]
    public void Listing_queries_out_of_range_name_the_field(int pageIndex, int pageSize, string field)
    {
        var (query, errors) = CatalogQuery.Create(pageIndex, pageSize, null, null);
        Assert.Null(query);
        Assert.Equal([field], errors.Keys);
    }
}
