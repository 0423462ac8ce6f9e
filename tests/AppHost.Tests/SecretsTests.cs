using System.Text.Json;
using Npgsql;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>
/// The run's secrets — the admin key, the Postgres and Redis passwords — never reach the console: not in
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
        // A few requests so the services log what they log when used, failures included.
        using var gateway = new HttpClient { BaseAddress = new Uri(run.RootElement.GetProperty("gateway").GetString()!) };
        (await gateway.GetAsync("/api/catalog/items/1")).Dispose();
        (await gateway.GetAsync("/api/catalog/items?type=%00")).Dispose();

        apphost.PressCtrlC();
        await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.All(secrets, secret =>
        {
            Assert.True(secret.Value.Length >= 8, $"{secret.Key} looks too short to be a generated secret");
            Assert.False(apphost.Output.Contains(secret.Value, StringComparison.Ordinal), $"the {secret.Key} appears in the console output");
        });
    }
}
