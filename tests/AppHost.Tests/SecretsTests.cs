using System.Text.Json;
using Npgsql;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>
/// The run's secrets — the admin key, the buyer-token signing key, the Postgres and Redis passwords — never reach the console: not in
/// the AppHost's own lines, not in the resource logs it relays. (The dashboard's login URL carries a
/// token by design: it is how a person gets in.)
/// </summary>
public sealed class SecretsTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task No_secret_of_the_run_is_written_to_the_console()
    {
        await using var apphost = await AppHostProcess.StartAsync(StartTimeout);
        await Eventually.UntilAsync(() => File.Exists(apphost.RunFile), "the run file", TimeSpan.FromSeconds(10));
        using var run = JsonDocument.Parse(await File.ReadAllTextAsync(apphost.RunFile));
        var secrets = new Dictionary<string, string>
        {
            ["admin key"] = run.RootElement.GetProperty("adminKey").GetString()!,
            ["postgres password"] = new NpgsqlConnectionStringBuilder(run.RootElement.GetProperty("connectionStrings").GetProperty("orderingdb").GetString()).Password!,
        };
        // The signing key is in no file: read it where the AppHost put it, the gateway's environment.
        secrets["buyer-token signing key"] = apphost.OwnedProcesses().Select(EnvironmentOf)
            .Select(environment => environment.GetValueOrDefault("BuyerTokens__SigningKey")).FirstOrDefault(key => key is not null)
            ?? throw new InvalidOperationException("No process of the run has BuyerTokens__SigningKey in its environment.");
        // A few requests so the services log what they log when used, failures included.
        using var gateway = new HttpClient { BaseAddress = new Uri(run.RootElement.GetProperty("gateway").GetString()!) };
        (await gateway.GetAsync("/api/catalog/items/1")).Dispose();
        (await gateway.GetAsync("/api/catalog/items?type=%00")).Dispose();
        var buyer = await GatewayBuyer.CreateAsync(gateway);
        (await gateway.SendAsync(buyer.Sign(new HttpRequestMessage(HttpMethod.Get, $"/api/basket/{buyer.BuyerId}")))).Dispose();
        using (var forged = new HttpRequestMessage(HttpMethod.Get, $"/api/basket/{buyer.BuyerId}"))
        {
            forged.Headers.Add("X-Buyer-Token", buyer.BuyerId + ".forged");
            (await gateway.SendAsync(forged)).Dispose();
        }

        apphost.PressCtrlC();
        await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.All(secrets, secret =>
        {
            Assert.True(secret.Value.Length >= 8, $"{secret.Key} looks too short to be a generated secret");
            Assert.False(apphost.Output.Contains(secret.Value, StringComparison.Ordinal), $"the {secret.Key} appears in the console output");
        });
    }

    /// <summary>A process's environment (<c>/proc/PID/environ</c>); empty when it is gone or not readable.</summary>
    private static Dictionary<string, string> EnvironmentOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Split('=', 2)).Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }
}
