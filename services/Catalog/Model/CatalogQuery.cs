using Reference.ServiceDefaults;

namespace Reference.Catalog.Model;

/// <summary>The listing's query string: which page, how big, and the optional brand/type filters.</summary>
public sealed record CatalogQuery(int PageIndex, int PageSize, string? Brand, string? Type)
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;

    /// <summary>
    /// Deep pages cost Postgres an OFFSET scan; nobody browses past this, so refuse it rather than
    /// let one request read the whole table.
    /// </summary>
    public const int MaxPageIndex = 10_000;

    public static (CatalogQuery? Query, Dictionary<string, string[]> Errors) Create(int? pageIndex, int? pageSize, string? brand, string? type)
    {
        var errors = new Dictionary<string, string[]>();
        var index = pageIndex ?? 0;
        var size = pageSize ?? DefaultPageSize;
        if (index is < 0 or > MaxPageIndex)
        {
            errors["pageIndex"] = [$"The pageIndex must be between 0 and {MaxPageIndex}."];
        }
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"The pageSize must be between 1 and {MaxPageSize}."];
        }
        if (brand is { Length: > CatalogItemRequest.BrandMaxLength })
        {
            errors["brand"] = [$"The brand filter must be at most {CatalogItemRequest.BrandMaxLength} characters."];
        }
        else if (brand is not null && InputText.Problem(brand) is { } brandProblem)
        {
            errors["brand"] = [$"The brand filter {brandProblem}"];
        }
        if (type is { Length: > CatalogItemRequest.TypeMaxLength })
        {
            errors["type"] = [$"The type filter must be at most {CatalogItemRequest.TypeMaxLength} characters."];
        }
        else if (type is not null && InputText.Problem(type) is { } typeProblem)
        {
            errors["type"] = [$"The type filter {typeProblem}"];
        }
        return errors.Count > 0
            ? (null, errors)
            : (new CatalogQuery(index, size, NullIfBlank(brand), NullIfBlank(type)), errors);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
