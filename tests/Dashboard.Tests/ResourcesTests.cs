using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reference.Dashboard.AppHost;
using Reference.Dashboard.Hosting;

namespace Reference.Dashboard.Tests;

/// <summary>The resource page and its AppHost client against a control API speaking the docs/api.md contract.</summary>
public sealed class ResourcesTests : IAsyncLifetime
{
    private FakeAppHost _appHost = null!;
    private DashboardHost _dashboard = null!;

    public async Task InitializeAsync()
    {
        _appHost = await FakeAppHost.StartAsync();
        var settings = DashboardHost.FreePortSettings();
        settings["AppHost:ControlUrl"] = _appHost.Url.ToString();
        settings["AppHost:ControlToken"] = FakeAppHost.Token;
        settings[BrowserTokenAuth.TokenKey] = "t";
        _dashboard = await DashboardHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _dashboard.DisposeAsync();
        await _appHost.DisposeAsync();
    }

    [Fact]
    public async Task The_page_lists_every_replica_with_state_health_restarts_and_action_buttons()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _dashboard.Endpoints.Ui };
        await browser.GetAsync("/login?t=t");

        var page = await browser.GetStringAsync("/resources");

        Assert.Contains("data-testid=\"resource-row\" data-resource=\"catalog\" data-replica=\"0\" data-state=\"Running\" data-health=\"Healthy\"", page);
        Assert.Contains("data-testid=\"resource-row\" data-resource=\"catalog\" data-replica=\"1\" data-state=\"Running\" data-health=\"Unhealthy\"", page);
        Assert.Contains("data-testid=\"resource-row\" data-resource=\"cache\" data-replica=\"0\" data-state=\"Exited\"", page);
        Assert.Equal(3 * 4, CountOf(page, "data-testid=\"resource-action\"")); // restart, stop, start, kill on each row
        Assert.DoesNotContain("apphost-not-connected", page);
    }

    [Fact]
    public async Task Actions_and_console_logs_go_to_the_control_api_with_the_bearer_token()
    {
        var client = _dashboard.Services.GetRequiredService<AppHostClient>();

        await client.SendActionAsync("catalog", "restart", 1, CancellationToken.None);
        await client.SendActionAsync("catalog", "kill", null, CancellationToken.None);
        var logs = await client.GetLogsAsync("catalog", 0, after: 1, CancellationToken.None);

        Assert.Equal(["restart catalog 1", "kill catalog all"], _appHost.Actions);
        var line = Assert.Single(logs);
        Assert.Equal(("stderr", "catalog warning", 2L), (line.Stream, line.Text, line.Seq));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendActionAsync("catalog", "format-disk", 0, CancellationToken.None));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
