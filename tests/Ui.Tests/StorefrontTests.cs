using Microsoft.Playwright;

namespace Reference.Ui.Tests;

/// <summary>The storefront the gateway serves at "/", used as a shopper would: list, add, check out.</summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class StorefrontTests(BrowserSystemFixture system) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await system.Storefront.NewPageAsync();

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task Shopper_lists_products_adds_one_and_checks_out()
    {
        var wait = new LocatorWaitForOptions { Timeout = Pages.Ms(Pages.Timeout) };
        await Pages.StepAsync(_page, "storefront", async () =>
        {
            await _page.GotoAsync(system.GatewayUrl.ToString());
            var products = _page.Locator("#product-list > li[id^=product-]");
            await products.First.WaitForAsync(wait);
            var productId = (await products.First.GetAttributeAsync("id"))!["product-".Length..];

            await _page.Locator($"#add-{productId}").ClickAsync();
            await _page.Locator($"#basket-item-{productId}").WaitForAsync(wait);
            await Pages.ScreenshotAsync(_page, "storefront.png");

            await _page.Locator("#checkout").ClickAsync();
            await _page.Locator("#order-status[data-order-id]").WaitForAsync(wait);
            var status = await _page.Locator("#order-status").InnerTextAsync();
            Assert.Matches(@"^Order [0-9a-f-]{36}: (Paid|PendingPayment|Declined), total ", status);
            await Pages.ScreenshotAsync(_page, "storefront-order.png");
        });
    }
}
