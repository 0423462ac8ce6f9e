namespace Reference.Catalog.Model;

/// <summary>A product as the API shows it (docs/api.md: <c>CatalogItem</c>).</summary>
public sealed record CatalogItem(int Id, string Name, string Description, decimal Price, string Brand, string Type);

/// <summary>One page of a listing; <see cref="Count"/> is the total matching the filter, not the page length.</summary>
public sealed record CatalogPage(int PageIndex, int PageSize, long Count, IReadOnlyList<CatalogItem> Data);
