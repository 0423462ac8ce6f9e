using Microsoft.Playwright;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>The SLO page in Chromium while a fault burns browse's latency budget: the page alert appears on it, and the fault on the budget timeline.</summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class SloPageTests(BrowserSystemFixture system) : IAsyncLifetime
{
    /// <summary>Scrape and evaluation every 5 s, the page reloading every 5 s, on a busy machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await system.StorefrontContext.NewPageAsync();

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task While_a_fault_burns_browses_latency_budget_the_page_alert_appears_on_the_slo_page()
    {
        await using var fault = await BrowseLatencyFault.StartAsync(system);
        using var stop = new CancellationTokenSource(Deadline);
        // Traffic for as long as the test looks: the short window needs 200 requests, all of them slow.
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await fault.BrowseAsync(12);
        });
        try
        {
            await Pages.StepAsync(_page, "slo-page", async () =>
            {
                await _page.GotoAsync(system.GetEndpoint("slo-page").ToString());
                await _page.GetByTestId("journey-browse").WaitForAsync(Pages.Visible);

                // The page reloads itself every 5 s from Prometheus: wait for the alert to be drawn.
                var alert = _page.GetByTestId("alert-browse-SloBurnPageFast-latency");
                await alert.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = (float)Deadline.TotalMilliseconds });
                // And its cause on browse's budget timeline: the band of the chaos fault in force.
                await _page.GetByTestId("timeline-browse").GetByTestId("marker-chaos").First.WaitForAsync(Pages.Visible);
                await Pages.ScreenshotAsync(_page, "slo-page-browse-latency-page.png");

                Assert.Contains("SloBurnPageFast", await alert.InnerTextAsync());
                Assert.Equal("docs/runbooks/slo-burn-page.md", await alert.GetByRole(AriaRole.Link, new() { Name = "runbook" }).GetAttributeAsync("href"));
            });
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }
    }
}
