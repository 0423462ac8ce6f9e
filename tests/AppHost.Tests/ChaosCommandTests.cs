using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>The in-service fault commands and "Restore everything" on the chaos resource (AppHost/Hosting/ChaosCommands.cs).</summary>
[Collection(WholeSystemCollection.Name)]
public sealed class ChaosCommandTests(WholeSystem system)
{
    [Fact]
    public async Task Restore_everything_takes_away_payments_flakiness_proxy_faults_and_pauses()
    {
        using var payments = new HttpClient { BaseAddress = system.GetEndpoint("payments") };
        payments.DefaultRequestHeaders.Add("X-Admin-Key", await system.GetAdminKeyAsync());
        var commands = system.App.ResourceCommands;

        Assert.True((await commands.ExecuteCommandAsync("payments", ChaosCommands.FlakyCommand)).Success);
        Assert.True((await commands.ExecuteCommandAsync("postgres", "chaos-blackhole")).Success);
        Assert.True((await commands.ExecuteCommandAsync("catalog-1", ProcessFaults.PauseCommand)).Success);
        Assert.Equal(0.5, (await BehaviourAsync(payments)).GetProperty("failureRate").GetDouble());

        var restore = await commands.ExecuteCommandAsync("chaos", ChaosCommands.RestoreEverythingCommand);

        Assert.True(restore.Success, restore.Message);
        Assert.Equal(0.0, (await BehaviourAsync(payments)).GetProperty("failureRate").GetDouble());
        await system.Processes.WaitUntilHealthyAsync("catalog-1", TimeSpan.FromSeconds(30));
        using var gateway = system.CreateHttpClient("gateway");
        // A catalog page not cached yet needs Postgres: answered means the blackhole is gone.
        await Eventually.UntilAsync(async () =>
        {
            using var page = await gateway.GetAsync($"/api/catalog/items?pageIndex={Random.Shared.Next(20, 30)}&pageSize=7");
            return page.IsSuccessStatusCode;
        }, "an uncached catalog page served from Postgres after Restore everything", TimeSpan.FromSeconds(20));
    }

    private static async Task<JsonElement> BehaviourAsync(HttpClient payments) =>
        await payments.GetFromJsonAsync<JsonElement>("/api/payments/behaviour");
}
