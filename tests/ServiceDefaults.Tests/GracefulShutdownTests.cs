using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Reference.Testing;

namespace Reference.ServiceDefaults.Tests;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Shutdown_turns_readiness_to_503_while_liveness_and_requests_still_answer()
    {
        // A long not-ready delay holds the app in the draining phase while the test looks at it.
        var builder = TestApp.CreateBuilder(("Shutdown:NotReadyDelay", "00:00:30"));
        await using var app = await TestApp.StartAsync(builder, a => a.MapGet("/ping", () => "pong"));
        var client = app.GetTestClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        using var endDelay = new CancellationTokenSource();
        var stopping = app.StopAsync(endDelay.Token);

        await Eventually.UntilAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "readiness to turn 503 once shutdown begins");
        var report = JsonDocument.Parse(await (await client.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("draining").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal("pong", await client.GetStringAsync("/ping"));
        Assert.False(stopping.IsCompleted, "the app should wait out the not-ready delay before stopping");

        endDelay.Cancel();
        try { await stopping.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (OperationCanceledException) { /* we cut the delay short on purpose */ }
    }

    [Fact]
    public void The_host_shutdown_budget_covers_the_not_ready_delay_and_the_drain()
    {
        var builder = TestApp.CreateBuilder(("Shutdown:NotReadyDelay", "00:00:03"), ("Shutdown:DrainTimeout", "00:00:07"));
        builder.AddServiceDefaults();
        using var app = builder.Build();

        Assert.Equal(TimeSpan.FromSeconds(10), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task A_negative_not_ready_delay_is_refused_at_start()
    {
        var builder = TestApp.CreateBuilder(("Shutdown:NotReadyDelay", "-00:00:01"));
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Shutdown:NotReadyDelay", error.Message);
    }
}
