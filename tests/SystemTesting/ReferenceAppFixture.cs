using System.Net.Http.Json;
using Reference.AppHost;
using Reference.AppHost.Hosting;
using Xunit;

namespace Reference.Testing;

/// <summary>
/// The whole system (or the part <see cref="Options"/> names) started through the AppHost for a test
/// class or collection: free ports everywhere, every process stopped and every temp dir deleted on
/// dispose. Override <see cref="Options"/> to choose resources and settings.
/// </summary>
public class ReferenceAppFixture : IAsyncLifetime
{
    private ReferenceApplication? _app;

    public ReferenceApplication App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Defaults for tests: everything, dashboard included, services not waiting before they drain.</summary>
    protected virtual ReferenceAppOptions Options => new()
    {
        Environment = TestEnvironment,
        EchoLogs = Environment.GetEnvironmentVariable("REFERENCE_TEST_ECHO") == "1",
    };

    /// <summary>Settings every test run of the system wants: no pause before draining, so stopping is quick.</summary>
    public static IReadOnlyDictionary<string, string> TestEnvironment { get; } = new Dictionary<string, string>
    {
        ["Shutdown__NotReadyDelay"] = "00:00:00",
    };

    public virtual async Task InitializeAsync()
    {
        _app = await ReferenceApp.StartAsync(Options);
        if (_app.Resources.ContainsKey("gateway")) await WaitUntilBasketPricesAsync();
    }

    /// <summary>
    /// Running is not warm: right after a start Basket's first calls to a cold Catalog miss their 200 ms
    /// budget and a basket cannot be priced for a few seconds. Every suite that drives the journey wants
    /// to begin after that, so the fixture waits (deadline) until one basket prices through the gateway.
    /// </summary>
    private async Task WaitUntilBasketPricesAsync()
    {
        using var gateway = CreateHttpClient("gateway");
        var last = "";
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                using var put = await gateway.PutAsJsonAsync($"/api/basket/warm-up-{Guid.NewGuid():N}", new { items = new[] { new { productId = 1, quantity = 1 } } });
                last = $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}";
                return put.IsSuccessStatusCode;
            }, "a basket priced through the gateway", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message} Last answer: {last}", ex);
        }
    }

    public HttpClient CreateHttpClient(string resource, int replica = 0) => App.CreateHttpClient(resource, replica);

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
