using System.Text.RegularExpressions;

namespace Reference.Basket.Model;

/// <summary>What a valid request looks like. Every error names the field it is about.</summary>
public static partial class BasketRules
{
    public const int MaxBuyerIdLength = 64;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 100;
    public const int MaxDistinctItems = 50;

    /// <summary>
    /// Entries one PUT may carry (duplicates merge into one line). Checked before any item is looked at,
    /// so a request of a million entries costs one comparison, not a million errors.
    /// </summary>
    public const int MaxRequestItems = 2 * MaxDistinctItems;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BuyerIdPattern();

    public static Dictionary<string, string[]> ValidateBuyerId(string? buyerId)
    {
        var errors = new Dictionary<string, string[]>();
        if (buyerId is null || !BuyerIdPattern().IsMatch(buyerId))
        {
            errors["buyerId"] = [$"buyerId must be 1..{MaxBuyerIdLength} characters of A-Z, a-z, 0-9, '-' or '_'."];
        }
        return errors;
    }

    public static Dictionary<string, string[]> Validate(string? buyerId, UpdateBasketRequest request)
    {
        var errors = ValidateBuyerId(buyerId);
        if (request.Items is null)
        {
            errors["items"] = ["items is required (an empty list empties the basket)."];
            return errors;
        }
        if (request.Items.Count > MaxRequestItems)
        {
            errors["items"] = [$"items may hold at most {MaxRequestItems} entries; this request has {request.Items.Count}."];
            return errors;
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (item is null)
            {
                errors[$"items[{i}]"] = ["An item must be an object with productId and quantity."];
                continue;
            }
            if (item.ProductId <= 0)
            {
                errors[$"items[{i}].productId"] = ["productId must be a positive integer."];
            }
            if (item.Quantity is < MinQuantity or > MaxQuantity)
            {
                errors[$"items[{i}].quantity"] = [$"quantity must be between {MinQuantity} and {MaxQuantity}."];
            }
        }

        if (errors.Count > 0)
        {
            return errors; // the checks below add quantities: only once each one is within bounds
        }

        var distinct = request.Items.Where(i => i is not null).Select(i => i.ProductId).Distinct().Count();
        if (distinct > MaxDistinctItems)
        {
            errors["items"] = [$"A basket holds at most {MaxDistinctItems} distinct products; this one has {distinct}."];
        }

        // The same product twice is one line with the quantities added; the sum obeys the same bound.
        foreach (var line in Lines(request).Where(l => l.Quantity > MaxQuantity))
        {
            errors.TryAdd($"items[{line.Index}].quantity", [$"quantity for product {line.ProductId} adds up to {line.Quantity}; at most {MaxQuantity}."]);
        }
        return errors;
    }

    /// <summary>The request as basket lines: duplicates merged, each keeping the index of its first appearance.</summary>
    public static IReadOnlyList<BasketLine> Lines(UpdateBasketRequest request) =>
        (request.Items ?? [])
            .Select((item, index) => (item, index))
            .Where(x => x.item is not null)
            .GroupBy(x => x.item.ProductId)
            .Select(g => new BasketLine(g.First().index, g.Key, g.Sum(x => x.item.Quantity)))
            .OrderBy(l => l.Index)
            .ToList();
}

/// <summary>A validated line: which request item it came from (for error names), product, quantity.</summary>
public sealed record BasketLine(int Index, int ProductId, int Quantity);
