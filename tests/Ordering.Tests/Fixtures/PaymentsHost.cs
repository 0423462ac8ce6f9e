extern alias payments;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Reference.Ordering.Tests.Fixtures;

/// <summary>
/// The real Payments service, in-process on a free loopback port (Kestrel), so Ordering reaches it over
/// HTTP through service discovery exactly as it does in production. Its ledger lives in the Postgres
/// database <paramref name="connectionString"/> names (<c>ConnectionStrings:paymentsdb</c>).
/// </summary>
public sealed class PaymentsHost : WebApplicationFactory<payments::Program>
{
    public const string AdminKey = "test-admin-key";
    private readonly string _connectionString;
    private readonly string _environment;
    private readonly string? _adminKey;

    /// <param name="adminKey">Admin:ApiKey, or null for none.</param>
    public PaymentsHost(string connectionString, string environment = "Development", string? adminKey = AdminKey)
    {
        _connectionString = connectionString;
        _environment = environment;
        _adminKey = adminKey;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Admin = CreateClient();
        if (adminKey is not null) Admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
    }

    /// <summary>http://127.0.0.1:port, for <c>services:payments:http:0</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Admin { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("ConnectionStrings:paymentsdb", _connectionString);
        if (_adminKey is not null) builder.UseSetting("Admin:ApiKey", _adminKey);
        builder.UseSetting("Shutdown:NotReadyDelay", "00:00:00");
    }

    public async Task SetBehaviourAsync(int latencyMs, double failureRate)
    {
        using var response = await Admin.PutAsJsonAsync("/api/payments/behaviour", new { latencyMs, failureRate });
        response.EnsureSuccessStatusCode();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Admin.Dispose();
        base.Dispose(disposing);
    }
}
