using Reference.ServiceDefaults;

namespace Reference.Catalog.Model;

/// <summary>
/// Body of <c>POST</c> and <c>PUT /api/catalog/items</c>. Every member is nullable so a missing field
/// reaches <see cref="Validate"/> and comes back as a 400 naming it, instead of a binder error.
/// </summary>
public sealed record CatalogItemRequest(string? Name, string? Description, decimal? Price, string? Brand, string? Type)
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 1000;
    public const int BrandMaxLength = 50;
    public const int TypeMaxLength = 50;
    public const decimal MaxPrice = 100_000m;

    /// <summary>Field name (as the client spelled it, camelCase) → what is wrong. Empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        RequireText(errors, "name", Name, NameMaxLength);
        RequireText(errors, "brand", Brand, BrandMaxLength);
        RequireText(errors, "type", Type, TypeMaxLength);
        if (Description is { Length: > DescriptionMaxLength })
        {
            errors["description"] = [$"The description must be at most {DescriptionMaxLength} characters."];
        }
        else if (Description is not null && InputText.Problem(Description, allowLineBreaks: true) is { } problem)
        {
            errors["description"] = [$"The description {problem}"];
        }

        if (Price is not { } price)
        {
            errors["price"] = ["The price is required."];
        }
        else if (price <= 0 || price > MaxPrice)
        {
            errors["price"] = [$"The price must be greater than 0 and at most {MaxPrice}."];
        }
        else if (decimal.Round(price, 2) != price)
        {
            // The column is numeric(10,2): silently rounding a price is worse than refusing it.
            errors["price"] = ["The price must have at most two decimal places."];
        }
        return errors;
    }

    /// <summary>The values to store, trimmed. Call only after <see cref="Validate"/> returned no errors.</summary>
    public CatalogItem ToItem(int id) =>
        new(id, Name!.Trim(), Description?.Trim() ?? "", Price!.Value, Brand!.Trim(), Type!.Trim());

    private static void RequireText(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"The {field} is required."];
        }
        else if (value.Trim().Length > maxLength)
        {
            errors[field] = [$"The {field} must be at most {maxLength} characters."];
        }
        else if (InputText.Problem(value) is { } problem)
        {
            errors[field] = [$"The {field} {problem}"];
        }
    }
}
