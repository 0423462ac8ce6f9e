using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Reference.Payments.Tests;

/// <summary>
/// The real Payments service in-process (test server), its ledger in the Postgres database
/// <paramref name="connectionString"/> names (<c>ConnectionStrings:paymentsdb</c>). A second instance
/// over the same database is Payments after a restart.
/// </summary>
public sealed class PaymentsApp(string connectionString, string environment = "Development", string? adminKey = PaymentsApp.AdminKey)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    /// <summary>A client that sends the admin key (when there is one).</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        if (adminKey is not null) client.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        return client;
    }

    public async Task SetBehaviourAsync(int latencyMs, double failureRate)
    {
        using var admin = CreateAdminClient();
        using var response = await admin.PutAsJsonAsync("/api/payments/behaviour", new { latencyMs, failureRate });
        response.EnsureSuccessStatusCode();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:paymentsdb", connectionString);
        if (adminKey is not null) builder.UseSetting("Admin:ApiKey", adminKey);
        builder.UseSetting("Shutdown:NotReadyDelay", "00:00:00");
    }
}
