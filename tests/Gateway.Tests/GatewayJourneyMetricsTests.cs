using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Reference.Testing.Hosting;
using Reference.Slos;
using Reference.Testing;

namespace Reference.Gateway.Tests;

/// <summary>
/// The gateway's <c>/metrics</c> carries what the generated Prometheus rules read: the request-duration
/// histogram tagged with each request's journey (from slos.json), with a bucket at every latency threshold.
/// Alone, not beside the other gateway tests: OpenTelemetry's meter listener subscribes by meter name for
/// the whole process, so a gateway started by a test running in parallel adds its requests to these counts.
/// </summary>
[Collection(MetricsCollection.Name)]
public class GatewayJourneyMetricsTests
{
    private static readonly SloDefinition Slos = SloDefinition.Current;
    private static readonly string Histogram = Slos.Sli.Metric;

    private static readonly Dictionary<string, string[]> OnePerService = new()
    {
        ["catalog"] = ["catalog-0"],
        ["basket"] = ["basket-0"],
        ["ordering"] = ["ordering-0"],
    };

    [Fact]
    public async Task Each_journeys_requests_are_counted_under_its_journey_tag_and_others_carry_none()
    {
        await using var system = await GatewaySystem.StartAsync(OnePerService);

        for (var i = 0; i < 3; i++) (await system.Client.GetAsync($"/api/catalog/items/{i}")).EnsureSuccessStatusCode();
        for (var i = 0; i < 2; i++) (await system.Client.PutAsJsonAsync("/api/basket/alice", new { items = Array.Empty<object>() })).EnsureSuccessStatusCode();
        using (var order = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { buyerId = "alice" }) })
        {
            order.Headers.Add("Idempotency-Key", "key-1");
            (await system.Client.SendAsync(order)).EnsureSuccessStatusCode();
        }
        (await system.Client.GetAsync("/")).EnsureSuccessStatusCode();

        var counts = await Eventually.ReturnsAsync(
            () => CountsByJourneyAsync(system),
            c => c.GetValueOrDefault("browse") == 3 && c.GetValueOrDefault("basket") == 2 && c.GetValueOrDefault("checkout") == 1,
            "3 browse, 2 basket and 1 checkout request counted by journey on /metrics");

        Assert.Equal(["basket", "browse", "checkout"], counts.Keys.Where(k => k != "").Order());
        Assert.True(counts.GetValueOrDefault("") >= 1, "the storefront page is counted without a journey tag");
    }

    [Fact]
    public async Task Requests_from_the_load_harness_are_counted_as_synthetic_and_a_browsers_are_not()
    {
        await using var system = await GatewaySystem.StartAsync(OnePerService);
        for (var i = 0; i < 3; i++)
        {
            using var load = new HttpRequestMessage(HttpMethod.Get, $"/api/catalog/items/{i}");
            load.Headers.UserAgent.ParseAdd("Reference.LoadHarness/1.0");
            (await system.Client.SendAsync(load)).EnsureSuccessStatusCode();
        }
        using (var browser = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/items/1"))
        {
            browser.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64)");
            (await system.Client.SendAsync(browser)).EnsureSuccessStatusCode();
        }
        (await system.Client.GetAsync("/api/catalog/items/2")).EnsureSuccessStatusCode();

        var synthetic = await Eventually.ReturnsAsync(async () => (await SamplesAsync(system))
                .Where(s => s.Name == "reference_gateway_synthetic_requests_total").ToList(),
            s => s.Count > 0 && s.Sum(x => x.Value) >= 3, "reference_gateway_synthetic_requests_total on /metrics");

        var sample = Assert.Single(synthetic);
        Assert.Equal("load", sample.Label("source"));
        Assert.Equal(3, sample.Value);
    }

    [Fact]
    public async Task A_5xx_counts_against_its_journey_with_its_status()
    {
        await using var system = await GatewaySystem.StartAsync(OnePerService);
        system.Backend("basket-0").ResetConnections = true;

        using var response = await system.Client.PutAsJsonAsync("/api/basket/bob", new { items = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);

        await Eventually.UntilAsync(async () => (await SamplesAsync(system)).Any(s =>
                s.Name == Histogram + "_count" && s.Label(Slos.Sli.JourneyLabel) == "basket"
                && s.Label(Slos.Sli.StatusLabel) == "502" && s.Value == 1),
            $"{Histogram}_count{{journey=\"basket\",{Slos.Sli.StatusLabel}=\"502\"}} = 1 on /metrics");
    }

    [Fact]
    public async Task Every_journey_has_a_histogram_bucket_exactly_at_its_latency_threshold()
    {
        await using var system = await GatewaySystem.StartAsync(OnePerService);
        foreach (var journey in Slos.Journeys)
        {
            var request = journey.Requests[0];
            using var message = new HttpRequestMessage(new HttpMethod(request.Methods[0]), request.PathPrefix.TrimEnd('/') + "/1")
            { Content = request.Methods[0] == "GET" ? null : JsonContent.Create(new { }) };
            (await system.Client.SendAsync(message)).EnsureSuccessStatusCode();
        }

        var samples = await Eventually.ReturnsAsync(() => SamplesAsync(system),
            s => Slos.Journeys.All(j => s.Any(x => x.Name == Histogram + "_count" && x.Label(Slos.Sli.JourneyLabel) == j.Name)),
            "every journey counted on /metrics");

        foreach (var journey in Slos.Journeys)
        {
            var le = (journey.Latency.ThresholdMs / 1000).ToString(CultureInfo.InvariantCulture);
            var buckets = samples.Where(s => s.Name == Histogram + "_bucket" && s.Label(Slos.Sli.JourneyLabel) == journey.Name).ToList();
            Assert.True(buckets.Any(b => b.Label("le") == le),
                $"{journey.Name}: expected a bucket le=\"{le}\" (its {journey.Latency.ThresholdMs} ms threshold); buckets: {string.Join(", ", buckets.Select(b => b.Label("le")).Distinct())}");
        }
    }

    private static async Task<IReadOnlyList<PrometheusSample>> SamplesAsync(GatewaySystem system) =>
        PrometheusText.Parse(await system.Client.GetStringAsync("/metrics"));

    /// <summary>Requests counted per journey tag ("" for none), summed over routes, methods and statuses.</summary>
    private static async Task<Dictionary<string, double>> CountsByJourneyAsync(GatewaySystem system) =>
        (await SamplesAsync(system))
            .Where(s => s.Name == Histogram + "_count" && s.Label("http_route") != "/metrics")
            .GroupBy(s => s.Label(Slos.Sli.JourneyLabel) ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
}

/// <summary>Tests that count requests on <c>/metrics</c> exactly: xunit runs this collection after the parallel ones, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "exact metric counts";
}
