using System.Net;
using Npgsql;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>What Program.cs declares is what runs: every resource healthy, wired by the conventions, data protected by real credentials.</summary>
[Collection(WholeSystemCollection.Name)]
public sealed class SystemModelTests(WholeSystem system)
{
    private static readonly string[] Declared =
        ["postgres", "catalogdb", "orderingdb", "paymentsdb", "cache", "catalog-0", "catalog-1", "payments", "basket", "ordering", "gateway", "prometheus", "slo-page"];

    [Fact]
    public void Every_declared_resource_is_running_and_healthy()
    {
        foreach (var name in Declared)
        {
            Assert.True(system.App.ResourceNotifications.TryGetCurrentState(name, out var state), $"{name} has no state");
            Assert.Equal((name, "Running", (Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus?)Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy),
                (name, state.Snapshot.State?.Text, state.Snapshot.HealthStatus));
        }
    }

    [Fact]
    public async Task The_gateway_answers_a_catalog_page_from_postgres_through_both_replicas()
    {
        using var gateway = system.CreateHttpClient("gateway");
        using var response = await gateway.GetAsync("/api/catalog/items?pageIndex=0&pageSize=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var gatewayEnvironment = await EnvironmentOf("gateway");
        Assert.Equal(system.GetEndpoint("catalog-0").ToString().TrimEnd('/'), gatewayEnvironment["services__catalog__http__0"]);
        Assert.Equal(system.GetEndpoint("catalog-1").ToString().TrimEnd('/'), gatewayEnvironment["services__catalog__http__1"]);
    }

    [Fact]
    public async Task Services_get_connection_strings_by_convention_with_passwords()
    {
        var catalog = await EnvironmentOf("catalog-0");
        var ordering = await EnvironmentOf("ordering");
        var basket = await EnvironmentOf("basket");
        var payments = await EnvironmentOf("payments");

        Assert.Contains("Database=catalogdb", catalog["ConnectionStrings__catalogdb"]);
        Assert.Contains("Database=orderingdb", ordering["ConnectionStrings__orderingdb"]);
        Assert.Contains("Database=paymentsdb", payments["ConnectionStrings__paymentsdb"]);
        Assert.False(ordering.ContainsKey("ConnectionStrings__paymentsdb"), "the ledger is the provider's own: ordering does not reach into it");
        Assert.Contains("password=", basket["ConnectionStrings__cache"]);
        Assert.False(basket.ContainsKey("ConnectionStrings__catalogdb"), "basket references no database");
        Assert.StartsWith("http://", ordering["services__payments__http__0"]);
    }

    [Fact]
    public async Task Postgres_refuses_a_login_without_this_runs_password()
    {
        var connectionString = await system.GetConnectionStringAsync("catalogdb");
        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = "not-the-password", Pooling = false };
        await using var connection = new NpgsqlConnection(wrong.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("28P01", refused.SqlState); // invalid_password: SCRAM, not trust
    }

    [Fact]
    public async Task Redis_refuses_commands_without_the_password()
    {
        var connectionString = await system.GetConnectionStringAsync("cache");
        var port = int.Parse(connectionString.Split(',')[0].Split(':')[1]);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith("-NOAUTH", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    /// <summary>The environment the running service process really has (read from /proc), not what the model intends.</summary>
    private async Task<IReadOnlyDictionary<string, string>> EnvironmentOf(string resource)
    {
        var text = await File.ReadAllTextAsync($"/proc/{system.Processes.ServicePid(resource)}/environ");
        return text.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);
    }
}
