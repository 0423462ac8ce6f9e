using Reference.ServiceDefaults;

namespace Reference.Ordering.Model;

/// <summary>
/// Body of <c>POST /api/orders</c>. Fields are nullable so a missing one is a 400 naming it,
/// not a silent default.
/// </summary>
public sealed record CreateOrderRequest(string? BuyerId, IReadOnlyList<OrderItemRequest>? Items);

public sealed record OrderItemRequest(int? ProductId, int? Quantity, decimal? UnitPrice);

/// <summary>The limits <see cref="CreateOrderRequest"/> is checked against; each broken one is a 400 naming its field.</summary>
public static class OrderRules
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxIdempotencyKeyLength = 100;
    public const int MaxBuyerIdLength = 100;
    public const int MaxLines = 50;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 100;

    /// <summary>Catalog's own ceiling (CatalogItemRequest.MaxPrice): a higher price cannot match, and would overflow the order total's column.</summary>
    public const decimal MaxUnitPrice = 100_000m;

    public static Dictionary<string, string[]> Validate(string? idempotencyKey, CreateOrderRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            errors[IdempotencyKeyHeader] = [$"The {IdempotencyKeyHeader} header is required: retries with the same key make at most one order."];
        }
        else if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            errors[IdempotencyKeyHeader] = [$"The {IdempotencyKeyHeader} header must be at most {MaxIdempotencyKeyLength} characters."];
        }
        else if (InputText.Problem(idempotencyKey) is { } keyProblem)
        {
            errors[IdempotencyKeyHeader] = [$"The {IdempotencyKeyHeader} header {keyProblem}"];
        }

        foreach (var (field, message) in ValidateBuyerId(request.BuyerId))
        {
            errors[field] = message;
        }

        if (request.Items is null || request.Items.Count == 0)
        {
            errors["items"] = ["items must contain at least one item."];
            return errors;
        }
        if (request.Items.Count > MaxLines)
        {
            errors["items"] = [$"items must contain at most {MaxLines} items."];
            return errors;
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (item is null)
            {
                errors[$"items[{i}]"] = ["item is required."];
                continue;
            }
            if (item.ProductId is not > 0)
            {
                errors[$"items[{i}].productId"] = ["productId is required and must be positive."];
            }
            if (item.Quantity is not (>= MinQuantity and <= MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"quantity must be between {MinQuantity} and {MaxQuantity}."];
            }
            if (item.UnitPrice is not (> 0m and <= MaxUnitPrice))
            {
                errors[$"items[{i}].unitPrice"] = [$"unitPrice must be greater than 0 and at most {MaxUnitPrice}."];
            }
        }
        return errors;
    }

    /// <summary>The buyer id of an order or of a listing: required, bounded, plain text.</summary>
    public static Dictionary<string, string[]> ValidateBuyerId(string? buyerId)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(buyerId))
        {
            errors["buyerId"] = ["buyerId is required."];
        }
        else if (buyerId.Length > MaxBuyerIdLength)
        {
            errors["buyerId"] = [$"buyerId must be at most {MaxBuyerIdLength} characters."];
        }
        else if (InputText.Problem(buyerId) is { } problem)
        {
            errors["buyerId"] = [$"buyerId {problem}"];
        }
        return errors;
    }
}
