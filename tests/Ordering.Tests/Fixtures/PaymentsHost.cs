extern alias payments;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Reference.Ordering.Tests.Fixtures;

/// <summary>
/// The real Payments service, in-process on a free loopback port (Kestrel), so Ordering reaches it over
/// HTTP through service discovery exactly as it does in production.
/// </summary>
public sealed class PaymentsHost : WebApplicationFactory<payments::Program>
{
    public const string AdminKey = "test-admin-key";

    public PaymentsHost()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Admin = CreateClient();
        Admin.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
    }

    /// <summary>http://127.0.0.1:port, for <c>services:payments:http:0</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Admin { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Admin:ApiKey", AdminKey);
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
