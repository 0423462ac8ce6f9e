using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
}
