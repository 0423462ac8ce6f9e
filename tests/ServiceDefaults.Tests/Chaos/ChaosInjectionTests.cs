using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Reference.Testing;
using Reference.Testing.Hosting;

namespace Reference.ServiceDefaults.Tests.Chaos;

/// <summary>What the chaos strategies in an HttpClient's pipeline do to real calls, kind by kind.</summary>
public sealed class ChaosInjectionTests
{
    [Fact]
    public async Task A_fault_rate_of_1_fails_every_call_and_removing_it_restores_them()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        await PutAsync(hosts, """{ "faultRate": 1 }""");

        Assert.Equal(HttpStatusCode.BadGateway, (await hosts.CallAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await hosts.CallAsync()).StatusCode);

        (await hosts.Admin.DeleteAsync("/admin/chaos/payments")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await hosts.CallAsync()).StatusCode);
    }

    [Fact]
    public async Task Injected_latency_shows_in_the_measured_duration()
    {
        const int latencyMs = 300;
        await using var hosts = await ChaosHosts.StartAsync();
        await PutAsync(hosts, $$"""{ "latencyMs": {{latencyMs}} }""");

        var stopwatch = Stopwatch.StartNew();
        using var response = await hosts.CallAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.ElapsedMilliseconds >= latencyMs, $"Expected at least {latencyMs} ms, took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_blocked_thread_delays_the_call_and_is_reported_as_behaviour()
    {
        const int blockMs = 300;
        await using var hosts = await ChaosHosts.StartAsync();
        var experimentId = $"behaviour-test-{Guid.NewGuid():N}";
        await PutAsync(hosts, $$"""{ "blockThreadMs": {{blockMs}}, "maxInjections": 1, "experimentId": "{{experimentId}}" }""");

        var stopwatch = Stopwatch.StartNew();
        using var response = await hosts.CallAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.ElapsedMilliseconds >= blockMs, $"Expected at least {blockMs} ms, took {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(1, await InjectionsAsync(hosts));
        var span = await Eventually.ReturnsAsync(
            () => Task.FromResult(hosts.Spans.ToArray().FirstOrDefault(s => s.Events.Any(e =>
                e.Name == ChaosTelemetry.SpanEventName && Equals(e.Tags.FirstOrDefault(t => t.Key == "experiment.id").Value, experimentId)))),
            s => s is not null, $"a span with a chaos.injected event for experiment {experimentId}");
        var tags = span!.Events.First(e => e.Name == ChaosTelemetry.SpanEventName).Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("behaviour", tags["chaos.kind"]);
        var text = await Eventually.ReturnsAsync(() => hosts.Client.GetStringAsync("/metrics"),
            t => t.Contains("kind=\"behaviour\""), "a behaviour injection counted on /metrics");
        Assert.Matches("reference_chaos_injections[^\\n]*kind=\"behaviour\"[^\\n]*target=\"payments\"", text);
    }

    [Fact]
    public async Task Fail_first_n_fails_exactly_the_first_n_attempts_and_the_real_retry_sees_them()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        await PutAsync(hosts, """{ "failFirst": 3 }""");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await hosts.CallAsync()).StatusCode);

        // Call 1: attempt and retry both faulted. Call 2: the third fault, then the retry gets through.
        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(3, await InjectionsAsync(hosts));
    }

    [Fact]
    public async Task Max_injections_caps_how_many_calls_are_hit()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        await PutAsync(hosts, """{ "faultRate": 1, "maxInjections": 2 }""");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await hosts.CallAsync()).StatusCode);

        // Both injections land on the first call (attempt and retry); nothing after.
        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(2, await InjectionsAsync(hosts));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sequence_of_faults()
    {
        await using var hosts = await ChaosHosts.StartAsync();

        async Task<string> SequenceAsync()
        {
            await PutAsync(hosts, """{ "faultRate": 0.5, "seed": 42 }""");
            var sequence = "";
            for (var i = 0; i < 20; i++) sequence += (await hosts.CallAsync()).StatusCode == HttpStatusCode.OK ? '.' : 'X';
            return sequence;
        }

        var first = await SequenceAsync();
        var second = await SequenceAsync();

        Assert.Equal(first, second);
        Assert.Contains('X', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task An_injected_outcome_is_answered_and_marked_on_the_span()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        // A unique experiment id tells our span from those of other tests' hosts in this process.
        var experimentId = $"span-test-{Guid.NewGuid():N}";
        await PutAsync(hosts, $$"""{ "outcomeRate": 1, "outcomeStatus": 503, "experimentId": "{{experimentId}}" }""");

        using var response = await hosts.CallAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var span = await Eventually.ReturnsAsync(
            () => Task.FromResult(hosts.Spans.ToArray().FirstOrDefault(s => s.Events.Any(e =>
                e.Name == ChaosTelemetry.SpanEventName && Equals(e.Tags.FirstOrDefault(t => t.Key == "experiment.id").Value, experimentId)))),
            s => s is not null, $"a span with a chaos.injected event for experiment {experimentId}");
        Assert.Equal("GET /call", span!.DisplayName);
        var tags = span.Events.First(e => e.Name == ChaosTelemetry.SpanEventName).Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("outcome", tags["chaos.kind"]);
        Assert.Equal("payments", tags["chaos.target"]);
    }

    [Fact]
    public async Task Every_injection_is_counted_in_the_metric()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        await PutAsync(hosts, """{ "faultRate": 1, "maxInjections": 1 }""");
        await hosts.CallAsync();

        var text = await Eventually.ReturnsAsync(() => hosts.Client.GetStringAsync("/metrics"),
            t => t.Contains("reference_chaos_injections"), "the chaos injections counter on /metrics");

        Assert.Matches("reference_chaos_injections[^\\n]*kind=\"fault\"[^\\n]*target=\"payments\"", text);
    }

    [Fact]
    public async Task The_faults_in_force_are_a_gauge_on_metrics_per_target_and_kind_until_removed()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        await PutAsync(hosts, """{ "latencyMs": 50, "faultRate": 0.5 }""");

        // No call made: the gauge says what is set, not what struck.
        var active = await Eventually.ReturnsAsync(() => ActiveFaultsAsync(hosts), a => a.Count > 0, "reference_chaos_faults_active on /metrics");
        Assert.Equal(["payments fault 1", "payments latency 1"], active);

        (await hosts.Admin.DeleteAsync("/admin/chaos/payments")).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(() => ActiveFaultsAsync(hosts), a => a.Count == 0, "no fault left in force on /metrics");
    }

    private static async Task<List<string>> ActiveFaultsAsync(ChaosHosts hosts) =>
        [.. PrometheusText.Parse(await hosts.Client.GetStringAsync("/metrics"))
            .Where(s => s.Name == "reference_chaos_faults_active" && s.Value > 0)
            .Select(s => $"{s.Label("target")} {s.Label("kind")} {s.Value}")
            .Order()];

    private static async Task<int> InjectionsAsync(ChaosHosts hosts)
    {
        var listed = await hosts.Admin.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/admin/chaos");
        return listed!.Single(s => s.GetProperty("target").GetString() == "payments").GetProperty("injections").GetInt32();
    }

    private static async Task PutAsync(ChaosHosts hosts, string json)
    {
        using var response = await hosts.Admin.PutAsync("/admin/chaos/payments", ChaosHosts.Json(json));
        Assert.True(response.IsSuccessStatusCode, $"PUT /admin/chaos/payments {json} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
