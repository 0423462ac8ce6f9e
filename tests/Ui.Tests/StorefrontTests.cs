namespace Reference.Ui.Tests;

/// <summary>The storefront the gateway serves at "/", used as a shopper would: list, add, check out.</summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class StorefrontTests(BrowserSystemFixture system) : IAsyncLifetime
{
    private StorefrontPage _storefront = null!;

    public async Task InitializeAsync() => _storefront = new StorefrontPage(await system.StorefrontContext.NewPageAsync());

    public Task DisposeAsync() => _storefront.Page.CloseAsync();

    [Fact]
    public async Task Shopper_lists_products_adds_one_and_checks_out()
    {
        await Pages.StepAsync(_storefront.Page, "storefront", async () =>
        {
            await _storefront.OpenAsync(system.GatewayUrl);
            await _storefront.AddFirstProductAsync();
            await Pages.ScreenshotAsync(_storefront.Page, "storefront-basket.png");

            var order = await _storefront.CheckOutAsync();

            Assert.Matches(@"^Order [0-9a-f-]{36}: (Paid|PendingPayment|Declined), total ", order.Text);
            await Pages.ScreenshotAsync(_storefront.Page, "storefront-order-placed.png");
        });
    }
}
