using Microsoft.Playwright;

namespace Reference.Ui.Tests;

/// <summary>The storefront the gateway serves at "/", driven through its controls as a shopper would.</summary>
public sealed class StorefrontPage(IPage page)
{
    public IPage Page => page;

    public async Task OpenAsync(Uri gateway)
    {
        await page.GotoAsync(gateway.ToString());
        await page.Locator("#product-list > li[id^=product-]").First.WaitForAsync(Pages.Visible);
    }

    /// <summary>Clicks "Add" on the first product listed and waits until it is a line in the basket; returns its id.</summary>
    public async Task<string> AddFirstProductAsync()
    {
        var product = page.Locator("#product-list > li[id^=product-]").First;
        var productId = (await product.GetAttributeAsync("id"))!["product-".Length..];
        await page.Locator($"#add-{productId}").ClickAsync();
        await page.Locator($"#basket-item-{productId}").WaitForAsync(Pages.Visible);
        return productId;
    }

    /// <summary>Clicks "Check out" and waits until the page shows the placed order; returns what it says.</summary>
    public async Task<PlacedOrder> CheckOutAsync()
    {
        await page.Locator("#checkout").ClickAsync();
        var status = page.Locator("#order-status[data-order-id]");
        await status.WaitForAsync(Pages.Visible);
        return new PlacedOrder((await status.GetAttributeAsync("data-order-id"))!, await status.InnerTextAsync());
    }

    /// <param name="Text">What the page shows, e.g. "Order 0190…: Paid, total 91.99".</param>
    public sealed record PlacedOrder(string OrderId, string Text);
}
