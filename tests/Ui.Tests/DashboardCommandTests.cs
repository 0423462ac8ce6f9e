using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Microsoft.Playwright;

namespace Reference.Ui.Tests;

/// <summary>
/// A command clicked in the real Aspire dashboard changes what the system does: "Flaky 50 %" on payments'
/// actions menu (AppHost/Hosting/ChaosCommands.cs) makes Payments' provider fail half its calls.
/// </summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class DashboardCommandTests(BrowserSystemFixture system) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await system.DashboardContext.NewPageAsync();

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task Flaky_command_clicked_on_payments_makes_payments_fail_half_its_calls()
    {
        using var payments = new HttpClient { BaseAddress = system.GetEndpoint("payments"), Timeout = TimeSpan.FromSeconds(10) };
        payments.DefaultRequestHeaders.Add("X-Admin-Key", await system.GetAdminKeyAsync());
        var before = await FailureRateAsync(payments);
        Assert.True(before == 0.0, $"Expected payments to start with failureRate 0 (no chaos); it reads {before}.");

        // Restored from code whatever happens, so the rest of the collection meets a well-behaved Payments; asserted
        // after the try, so a failed click is not hidden behind the restore's own result.
        Aspire.Hosting.ApplicationModel.ExecuteCommandResult restore;
        try
        {
            await Pages.StepAsync(_page, "dashboard-command-flaky", async () =>
            {
                await AspireDashboard.OpenAsync(_page, system.DashboardUrl, "/");
                await AspireDashboard.Heading(_page).GetByText("Resources").WaitForAsync(Pages.Visible);

                // The row's Actions cell holds a few highlighted commands as icon buttons and a "…" button named
                // "Actions"; its menu lists the dashboard's own items, then a "Commands" item whose submenu holds
                // the AppHost's custom commands (fluent-menu-item, role menuitem, named by their display name).
                var row = PaymentsRow(_page);
                await row.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });
                // Once its submenu is open, "Commands" is named by its content too ("Commands Kill (SIGKILL) …").
                var commands = _page.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex(@"^Commands\b") });
                await commands.WaitForAsync(Pages.Visible);
                await commands.ClickAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });

                var flaky = commands.GetByRole(AriaRole.Menuitem, new() { Name = "Flaky 50 %", Exact = true });
                await flaky.WaitForAsync(Pages.Visible);
                await Pages.ScreenshotAsync(_page, "dashboard-command-flaky.png", fullPage: false);
                // No confirmation: the command declares no ConfirmationMessage, so the click runs it.
                await flaky.ClickAsync(new() { Timeout = Pages.Ms(Pages.Timeout) });
            });

            var during = await Pages.ReadUntilAsync(() => FailureRateAsync(payments), rate => rate == 0.5);
            Assert.True(during == 0.5,
                $"Expected GET /api/payments/behaviour to read failureRate 0.5 within {Pages.Timeout.TotalSeconds:0} s of clicking 'Flaky 50 %' on payments; it read {during}.");
        }
        finally
        {
            restore = await system.App.ResourceCommands.ExecuteCommandAsync("chaos", ChaosCommands.RestoreEverythingCommand);
        }

        Assert.True(restore.Success, $"Expected 'Restore everything' on chaos to succeed; it answered: {restore.Message}");

        var after = await Pages.ReadUntilAsync(() => FailureRateAsync(payments), rate => rate == 0.0);
        Assert.True(after == 0.0, $"Expected failureRate back to 0 after 'Restore everything'; it read {after}.");
    }

    /// <summary>The Resources grid's row whose Name cell reads exactly "payments".</summary>
    private static ILocator PaymentsRow(IPage page) =>
        page.GetByRole(AriaRole.Row).Filter(new()
        {
            Has = page.GetByRole(AriaRole.Gridcell).Filter(new() { HasTextRegex = new Regex(@"^\s*payments\s*$") }),
        });

    private static async Task<double> FailureRateAsync(HttpClient payments) =>
        (await payments.GetFromJsonAsync<JsonElement>("/api/payments/behaviour")).GetProperty("failureRate").GetDouble();
}
