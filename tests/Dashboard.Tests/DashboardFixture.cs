using Reference.Dashboard.Hosting;

namespace Reference.Dashboard.Tests;

/// <summary>One real dashboard per test class, on free loopback ports, stopped afterwards.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = DashboardHost.FreePortSettings();
        settings[BrowserTokenAuth.TokenKey] = "test-token";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Host = await DashboardHost.StartAsync(settings, cts.Token);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
