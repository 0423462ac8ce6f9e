using Reference.Basket.Model;

namespace Reference.Basket.Tests;

/// <summary>What a valid basket request is; every error names its field.</summary>
public class BasketRulesTests
{
    [Fact]
    public void Too_many_entries_is_one_error_on_items_before_any_item_is_looked_at()
    {
        // A thousand entries, every one of them invalid: checking each would build a thousand errors.
        var request = new UpdateBasketRequest(Enumerable.Repeat(new BasketItemRequest(ProductId: 0, Quantity: 0), 1000).ToList());

        var errors = BasketRules.Validate("alice", request);

        var error = Assert.Single(errors);
        Assert.Equal("items", error.Key);
        Assert.Contains($"at most {BasketRules.MaxRequestItems}", error.Value[0]);
    }

    [Fact]
    public void Up_to_the_entry_limit_each_item_is_still_checked_and_named()
    {
        var request = new UpdateBasketRequest(Enumerable.Repeat(new BasketItemRequest(ProductId: 1, Quantity: 0), BasketRules.MaxRequestItems).ToList());

        var errors = BasketRules.Validate("alice", request);

        Assert.Equal(BasketRules.MaxRequestItems, errors.Count);
        Assert.Contains("items[0].quantity", errors.Keys);
    }
}
