extern alias ordering;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Reference.Testing.Hosting;

namespace Reference.Ordering.Tests.Fixtures;

/// <summary>
/// The Ordering service under test (in-memory test server), wired to its neighbours by configuration
/// exactly as the AppHost wires it: <c>ConnectionStrings:orderingdb</c>, <c>services:catalog:http:0</c>,
/// <c>services:payments:http:0</c>. Timings are shortened so settlement happens within a test's deadline.
/// </summary>
public sealed class OrderingHost(string connectionString, string catalogUrl, string paymentsUrl, IDictionary<string, string?>? overrides = null)
    : WebApplicationFactory<ordering::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:orderingdb"] = connectionString,
            ["services:catalog:http:0"] = catalogUrl,
            ["services:payments:http:0"] = paymentsUrl,
            ["Shutdown:NotReadyDelay"] = "00:00:00",
            [TestBuyers.SigningKeySetting] = TestBuyers.SigningKey,
            ["Ordering:Settlement:PollInterval"] = "00:00:00.100",
            ["Ordering:Settlement:BaseBackoff"] = "00:00:00.100",
            ["Ordering:Settlement:MaxBackoff"] = "00:00:00.500",
            ["Ordering:Payments:BreakerBreakDuration"] = "00:00:00.500",
            ["HttpClientResilience:Retry:Delay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;

        builder.UseEnvironment("Development");
        // UseSetting is visible while Program.cs runs (the connection string is read there);
        // the in-memory source added last also wins over the service's appsettings.json.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
    }
}
