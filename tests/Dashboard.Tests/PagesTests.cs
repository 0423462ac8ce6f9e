using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Reference.Dashboard.Tests;

/// <summary>
/// The pages as a browser first receives them (server prerendering), after real services' exporters
/// sent a checkout trace that crosses four services. The DOM hooks asserted here are the ones the
/// browser tests use.
/// </summary>
public sealed partial class PagesTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly string[] Services = ["gateway", "ordering", "catalog", "payments"];

    [Fact]
    public async Task A_checkout_trace_opens_as_a_waterfall_with_spans_from_four_services()
    {
        var traceId = await ExportCheckoutTraceAsync();
        using var browser = await LoggedInClientAsync();

        var list = await browser.GetStringAsync("/traces");
        Assert.Matches($"data-testid=\"trace-row\" data-trace-id=\"{traceId}\"[^>]*data-span-count=\"5\"", list);

        var page = await browser.GetStringAsync($"/traces/{traceId}");
        var services = SpanRowService().Matches(page).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(5, services.Length);
        Assert.Equal(Services.Order(), services.Distinct().Order());
        Assert.Contains("data-testid=\"waterfall\"", page);
        Assert.Contains($"data-testid=\"trace-header\" data-trace-id=\"{traceId}\" data-span-count=\"5\"", page);
    }

    [Fact]
    public async Task Slo_page_counts_the_gateways_checkout_requests()
    {
        await ExportCheckoutTraceAsync();
        using var browser = await LoggedInClientAsync();

        var page = await browser.GetStringAsync("/slos");

        Assert.Matches("data-testid=\"slo-journey\" data-journey=\"checkout\"", page);
        Assert.Matches(@"data-testid=""slo-window-total"" data-window=""5m"">[1-9]", page);
    }

    [Fact]
    public async Task Without_an_apphost_the_resources_page_says_it_is_not_connected()
    {
        using var browser = await LoggedInClientAsync();
        Assert.Contains("data-testid=\"apphost-not-connected\"", await browser.GetStringAsync("/resources"));
    }

    private async Task<HttpClient> LoggedInClientAsync()
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = fixture.Host.Endpoints.Ui,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var login = await client.GetAsync($"/login?t={fixture.Host.BrowserToken}");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode); // redirected to the home page, signed in
        return client;
    }

    /// <summary>gateway -> ordering -> (catalog, payments), each service with its own provider and resource.</summary>
    private async Task<string> ExportCheckoutTraceAsync()
    {
        var sources = Services.ToDictionary(s => s, s => new ActivitySource($"pages.{s}.{Guid.NewGuid():N}"));
        var providers = Services.Select(s => Sdk.CreateTracerProviderBuilder()
            .AddSource(sources[s].Name)
            .ConfigureResource(r => r.AddService(s))
            .AddOtlpExporter(o => { o.Protocol = OtlpExportProtocol.Grpc; o.Endpoint = fixture.Host.Endpoints.OtlpGrpc; })
            .Build()).ToArray();
        try
        {
            string traceId;
            using (var edge = sources["gateway"].StartActivity("POST /api/orders", ActivityKind.Server)!)
            {
                traceId = edge.TraceId.ToHexString();
                edge.SetTag("http.request.method", "POST");
                edge.SetTag("url.path", "/api/orders");
                edge.SetTag("http.response.status_code", 201);
                using (sources["gateway"].StartActivity("POST ordering", ActivityKind.Client))
                using (sources["ordering"].StartActivity("POST /api/orders", ActivityKind.Server))
                {
                    using (sources["catalog"].StartActivity("GET /api/catalog/items/1", ActivityKind.Server)) { }
                    using (sources["payments"].StartActivity("POST /api/payments", ActivityKind.Server)) { }
                }
            }
            foreach (var provider in providers) Assert.True(provider.ForceFlush(10_000), "an exporter did not flush");
            await Eventually.Get(() => fixture.Host.Store.Spans().Count(s => s.TraceId == traceId) == 5 ? traceId : null, $"5 spans of {traceId}");
            return traceId;
        }
        finally
        {
            foreach (var provider in providers) provider.Dispose();
            foreach (var source in sources.Values) source.Dispose();
        }
    }

    [GeneratedRegex("data-testid=\"span-row\"[^>]*data-service=\"([^\"]+)\"")]
    private static partial Regex SpanRowService();
}
