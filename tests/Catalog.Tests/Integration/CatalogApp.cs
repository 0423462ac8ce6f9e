using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Reference.Testing;

namespace Reference.Catalog.Tests.Integration;

/// <summary>The real Catalog application in-process, pointed at the fixture's Postgres database and Redis.</summary>
public sealed class CatalogApp(string databaseConnectionString, string redisConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:catalogdb", databaseConnectionString);
        builder.UseSetting("ConnectionStrings:cache", redisConnectionString);
        builder.UseSetting("Admin:ApiKey", AdminKey);
        // Tests stop apps often; nobody polls their readiness, so there is nobody to wait for.
        builder.UseSetting("Shutdown:NotReadyDelay", "00:00:00");
        // Most tests look into Redis to see what the service cached, which the memory tier in front of it would
        // hide for its second: they test the Redis tier alone. LocalCacheTests turn the memory tier on.
        builder.UseSetting("Catalog:Cache:LocalTtl", "00:00:00");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return client;
    }

    /// <summary>Starts the host now (migrations and seed run here), so a test can time or order starts.</summary>
    public CatalogApp Started()
    {
        _ = Server;
        return this;
    }

    /// <summary>
    /// Starts the host and waits until readiness is Healthy: Redis connected as well as Postgres. A service
    /// that is still connecting skips the cache (by design), so a test that reads and then looks into
    /// Redis for the copy must not begin before this.
    /// </summary>
    public async Task<CatalogApp> ReadyAsync()
    {
        var client = Started().CreateClient();
        await Eventually.UntilAsync(async () =>
        {
            var report = await (await client.GetAsync("/health")).ReadJsonAsync();
            return report.GetProperty("status").GetString() == "Healthy";
        }, "the catalogue to report Healthy (Postgres and Redis connected)");
        return this;
    }
}
