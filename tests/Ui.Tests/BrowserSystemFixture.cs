using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>
/// The whole system with the real Aspire dashboard, started once for the collection, plus Debian's Chromium
/// through Playwright: one browser context logged in to the dashboard (the login cookie lives in it) and a
/// clean one for the storefront.
/// </summary>
public sealed class BrowserSystemFixture : ReferenceSystem
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected override bool WithDashboard => true;

    /// <summary>Holds the dashboard's login cookie; each test opens its own page in it.</summary>
    public IBrowserContext DashboardContext { get; private set; } = null!;

    /// <summary>A clean context for the storefront (no dashboard cookie, no shared local storage).</summary>
    public IBrowserContext StorefrontContext { get; private set; } = null!;

    public Uri DashboardUrl => Dashboard?.Url ?? throw new InvalidOperationException("The system started without a dashboard.");

    public Uri GatewayUrl => GetEndpoint("gateway");

    /// <summary>
    /// What the Resources page should list: every resource the AppHost declares, less parameters (they have a
    /// tab of their own) and those the AppHost marks hidden (Aspire's own helpers, such as the dashboard itself).
    /// </summary>
    public IReadOnlyList<string> ResourcesShownOnDashboard() =>
    [
        .. App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource)
            .Where(r => !(App.ResourceNotifications.TryGetCurrentState(r.Name, out var e) && e.Snapshot.IsHidden))
            .Select(r => r.Name)
            .Order(StringComparer.Ordinal),
    ];

    public override async Task InitializeAsync()
    {
        // Browser first: if Chromium or the driver is missing, fail fast before starting a dozen processes.
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // No sandbox: tests run as root in a container. The rest keeps Chromium off the network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await base.InitializeAsync(); // returns once a basket prices through the gateway

        var viewport = new ViewportSize { Width = 1400, Height = 900 };
        DashboardContext = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        StorefrontContext = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        await LogInAsync();
    }

    /// <summary>
    /// Opens the login URL with the browser token in its query, as a person does from the AppHost's console:
    /// the dashboard sets its auth cookie and goes on to the Resources page. Fails if it stays on /login.
    /// </summary>
    private async Task LogInAsync()
    {
        var page = await DashboardContext.NewPageAsync();
        try
        {
            await Pages.StepAsync(page, "login", async () =>
            {
                await page.GotoAsync(Dashboard!.LoginUrl.ToString());
                await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.OrdinalIgnoreCase),
                    new() { Timeout = Pages.Ms(Pages.Timeout) });
                await AspireDashboard.WaitForShellAsync(page);
                await AspireDashboard.Heading(page).GetByText("Resources").WaitForAsync(Pages.Visible);
            });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserSystemCollection : ICollectionFixture<BrowserSystemFixture>
{
    public const string Name = "whole system in a browser";
}
