using System.Net.Http.Json;
using System.Text.Json;
using Reference.Slos;
using Reference.Slos.Prometheus;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>
/// Prometheus in the AppHost: every service replica scraped (targets written from the AppHost's endpoints), the
/// rules generated from slos.json loaded and evaluating, and the gateway's journey traffic turned into an SLI.
/// </summary>
[Collection(WholeSystemCollection.Name)]
public sealed class PrometheusTests(WholeSystem system) : IAsyncLifetime
{
    /// <summary>Prometheus scrapes and evaluates every 5 s; a few rounds on a busy machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly string[] ServiceReplicas = ["catalog-0", "catalog-1", "payments", "basket", "ordering", "gateway"];

    /// <summary>Scraped for their gauge of faults in force, which marks chaos on the SLO page.</summary>
    private static readonly string[] FaultProxies = ["postgres-faults", "cache-faults"];

    private readonly HttpClient _prometheus = system.CreateHttpClient("prometheus");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("prometheus", timeout.Token);
    }

    public Task DisposeAsync()
    {
        _prometheus.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Prometheus_scrapes_every_service_replica_and_fault_proxy_and_each_is_up()
    {
        var scraped = ServiceReplicas.Concat(FaultProxies).ToList();
        var targets = await Eventually.ReturnsAsync(ActiveTargetsAsync,
            t => scraped.All(r => t.GetValueOrDefault(r).Health == "up"),
            $"every service replica and fault proxy ({string.Join(", ", scraped)}) scraped and up in /api/v1/targets", Deadline);

        Assert.Equal(scraped.Order(), targets.Keys.Order());
        Assert.Equal(("catalog", "catalog"), (targets["catalog-0"].Job, targets["catalog-1"].Job));
        Assert.Equal("gateway", targets["gateway"].Job); // the SLO rules select job="gateway"
        Assert.Equal("postgres-faults", targets["postgres-faults"].Job);
    }

    [Fact]
    public async Task Prometheus_has_loaded_every_generated_rule_group_and_evaluates_them_without_error()
    {
        var slos = SloDefinition.Current;
        var expected = slos.Objectives
            .SelectMany(o => new[] { "sli-recordings", "meta-recordings", "alerts" }.Select(kind => $"slo-{kind}-{RuleNames.Id(slos, o)}"))
            .Append("ordering-dead-letters") // written by hand: deploy/prometheus/rules/ordering-dead-letters.rules.yml
            .Order().ToList();

        var groups = await Eventually.ReturnsAsync(RuleGroupsAsync,
            g => g.Count > 0 && g.All(group => group.Rules.All(r => r.Health == "ok")),
            "every rule evaluated with health ok in /api/v1/rules", Deadline);

        Assert.Equal(expected, groups.Select(g => g.Name).Order());
        var alerts = groups.SelectMany(g => g.Rules).Where(r => r.Type == "alerting").Select(r => r.Name).Distinct().Order();
        Assert.Equal(slos.BurnRateAlerts.Select(RuleNames.Alert).Append("OrderingOrdersDeadLettered").Order(), alerts);
    }

    [Fact]
    public async Task Browse_traffic_through_the_gateway_becomes_a_recorded_availability_sli()
    {
        using var gateway = system.CreateHttpClient("gateway");
        const string query = """slo:sli_error:ratio_rate5m{journey="browse",sli="availability"}""";

        // Traffic keeps flowing while we wait: the 5m rate needs two scrapes that saw browse requests.
        var value = await Eventually.ReturnsAsync(async () =>
        {
            (await gateway.GetAsync("/api/catalog/items?pageSize=1")).EnsureSuccessStatusCode();
            return await InstantQueryAsync(query);
        }, v => v is not null, $"{query} recorded from the gateway's journey-tagged histogram", Deadline);

        // A ratio; not necessarily 0: other tests in this collection hurt replicas within the last 5 minutes.
        Assert.InRange(value!.Value, 0, 1);
    }

    private async Task<Dictionary<string, (string Job, string Health)>> ActiveTargetsAsync()
    {
        var data = await GetDataAsync("/api/v1/targets?state=active");
        return data.GetProperty("activeTargets").EnumerateArray().ToDictionary(
            t => t.GetProperty("labels").GetProperty("instance").GetString()!,
            t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("health").GetString()!));
    }

    private sealed record Rule(string Name, string Type, string Health);

    private sealed record RuleGroup(string Name, IReadOnlyList<Rule> Rules);

    private async Task<IReadOnlyList<RuleGroup>> RuleGroupsAsync()
    {
        var data = await GetDataAsync("/api/v1/rules");
        return [.. data.GetProperty("groups").EnumerateArray().Select(g => new RuleGroup(
            g.GetProperty("name").GetString()!,
            [.. g.GetProperty("rules").EnumerateArray().Select(r => new Rule(
                r.GetProperty("name").GetString()!, r.GetProperty("type").GetString()!, r.GetProperty("health").GetString()!))]))];
    }

    /// <summary>The single sample's value, or null while the query has no result.</summary>
    private async Task<double?> InstantQueryAsync(string query)
    {
        var data = await GetDataAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        var result = data.GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<JsonElement> GetDataAsync(string path)
    {
        var body = await _prometheus.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("success", body.GetProperty("status").GetString());
        return body.GetProperty("data");
    }
}
