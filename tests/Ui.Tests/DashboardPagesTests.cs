using Microsoft.Playwright;
using Reference.Slos;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>The dashboard in Chromium, with the whole system running and reporting to it.</summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class DashboardPagesTests(BrowserSystemFixture system) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await system.Dashboard.NewPageAsync();

    public Task DisposeAsync() => _page.CloseAsync();

    private Task OpenAsync(string path) => _page.GotoAsync(new Uri(system.DashboardUrl, path).ToString());

    [Fact]
    public async Task Resources_page_shows_every_resource_running()
    {
        var expected = system.App.Resources.Keys.Order().ToList();
        await Pages.StepAsync(_page, "resources", async () =>
        {
            await OpenAsync("/resources");
            await Pages.WaitForShellAsync(_page);
            var rows = _page.Locator("[data-testid=resource-row]");
            // The page refreshes from the AppHost's control API; wait until it lists everything, all Running.
            string[] states = [];
            await Eventually.UntilAsync(async () =>
            {
                var names = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.resource)");
                states = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.resource + '#' + r.dataset.replica + '=' + r.dataset.state)");
                return expected.All(names.Contains) && states.All(s => s.EndsWith("=Running"));
            }, $"resource rows for {string.Join(", ", expected)}, all Running (last seen: {string.Join(", ", states)})", Pages.Timeout);
            await Pages.ScreenshotAsync(_page, "resources.png");
        });
    }

    [Fact]
    public async Task Checkout_trace_opens_as_a_waterfall_across_four_services()
    {
        var placed = await Checkout.PlaceOrderAsync(system.CreateHttpClient("gateway"));

        await Pages.StepAsync(_page, "trace-waterfall", async () =>
        {
            // The trace reaches the dashboard at the services' next export; reload /traces until it is listed.
            // Filtered to the gateway: ordering's background polling makes a root trace every second,
            // which would soon push the checkout off the page's newest-200 list.
            // The gateway names its server span after its route template: "POST /api/orders/{**rest}".
            var row = _page.Locator("[data-testid=trace-row][data-root-name^='POST /api/orders']");
            await Eventually.UntilAsync(async () =>
            {
                await OpenAsync("/traces?resource=gateway");
                await Pages.WaitForShellAsync(_page);
                return await row.CountAsync() > 0;
            }, "a trace-row with root 'POST /api/orders…' on /traces", Pages.Timeout, TimeSpan.FromSeconds(1));

            await row.First.Locator("[data-testid=trace-link]").ClickAsync();
            await _page.Locator("[data-testid=waterfall]").WaitForAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });

            // Spans from later exports (payments, catalog) may arrive after the first ones: reload until all four show.
            string[] required = ["gateway", "ordering", "catalog", "payments"];
            var services = Array.Empty<string>();
            await Eventually.UntilAsync(async () =>
            {
                services = await _page.Locator("[data-testid=span-row]").EvaluateAllAsync<string[]>("rs => [...new Set(rs.map(r => r.dataset.service))]");
                if (required.All(services.Contains)) return true;
                await _page.ReloadAsync();
                await Pages.WaitForShellAsync(_page);
                return false;
            }, $"span rows from {string.Join(", ", required)} (order {placed.OrderId})", Pages.Timeout, TimeSpan.FromSeconds(1));
            Assert.Superset(required.ToHashSet(), services.ToHashSet());
            await Pages.ScreenshotAsync(_page, "trace-waterfall.png");
        });
    }

    [Fact]
    public async Task Slos_page_lists_every_journey()
    {
        var journeys = SloDefinition.Current.Journeys.Select(j => j.Name).Order().ToList();
        await Pages.StepAsync(_page, "slos", async () =>
        {
            await OpenAsync("/slos");
            await Pages.WaitForShellAsync(_page);
            var rows = _page.Locator("[data-testid=slo-journey]");
            await rows.First.WaitForAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });
            var shown = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.journey)");
            Assert.Equal(journeys, shown.Order().ToList());
            await Pages.ScreenshotAsync(_page, "slos.png");
        });
    }

    [Fact]
    public async Task Structured_logs_and_metrics_pages_show_the_services()
    {
        await Pages.StepAsync(_page, "structured-logs", async () =>
        {
            await OpenAsync("/structuredlogs");
            await Pages.WaitForShellAsync(_page);
            await _page.Locator("[data-testid=log-row]").First.WaitForAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });
            // Hundreds of log rows: the first screenful is the useful picture.
            await Pages.ScreenshotAsync(_page, "structured-logs.png", fullPage: false);
        });
        await Pages.StepAsync(_page, "metrics", async () =>
        {
            await OpenAsync("/metrics");
            await Pages.WaitForShellAsync(_page);
            await _page.Locator("[data-testid=red-service][data-service=gateway]").WaitForAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });
            await Pages.ScreenshotAsync(_page, "metrics.png");
        });
    }
}
