using Microsoft.Playwright;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>
/// The whole system started once for the collection, plus Debian's Chromium through Playwright and a
/// browser context already logged in to the dashboard (the login cookie lives in the context).
/// </summary>
public sealed class BrowserSystemFixture : ReferenceAppFixture
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Holds the dashboard's login cookie; each test opens its own page in it.</summary>
    public IBrowserContext Dashboard { get; private set; } = null!;

    /// <summary>A clean context for the storefront (no dashboard cookie, no shared local storage).</summary>
    public IBrowserContext Storefront { get; private set; } = null!;

    public Uri DashboardUrl => App.DashboardUrl ?? throw new InvalidOperationException("The system started without a dashboard.");

    public Uri GatewayUrl => App.GetEndpoint("gateway");

    public override async Task InitializeAsync()
    {
        // Browser first: if Chromium or the driver is missing, fail fast before starting ten processes.
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
        Dashboard = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        Storefront = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        await LogInAsync();
    }

    /// <summary>Opens the login URL (token in the query), which sets the cookie and lands on the shell.</summary>
    private async Task LogInAsync()
    {
        var loginUrl = App.DashboardLoginUrl ?? throw new InvalidOperationException("The dashboard has no login URL.");
        var page = await Dashboard.NewPageAsync();
        try
        {
            await page.GotoAsync(loginUrl.ToString());
            await Pages.WaitForShellAsync(page);
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
