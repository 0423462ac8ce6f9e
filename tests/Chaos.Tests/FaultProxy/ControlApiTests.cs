using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Reference.Chaos.FaultProxy.Client;
using Reference.Chaos.Tests.Support;
using Reference.Testing;
using Reference.Testing.Hosting;

namespace Reference.Chaos.Tests.FaultProxy;

/// <summary>The control API's contract: what it answers, and a 400 naming the field for bad input.</summary>
public sealed class ControlApiTests : EchoBehindProxy
{
    [Theory]
    [InlineData("""{ "latencyMs": 100 }""", "kind")]
    [InlineData("""{ "kind": "meteor" }""", "kind")]
    [InlineData("""{ "kind": "latency" }""", "latencyMs")]
    [InlineData("""{ "kind": "latency", "latencyMs": -1 }""", "latencyMs")]
    [InlineData("""{ "kind": "latency", "latencyMs": "slow" }""", "latencyMs")]
    [InlineData("""{ "kind": "latency", "latency": 100 }""", "latency")]
    [InlineData("""{ "kind": "latency", "latencyMs": 100, "bytes": 5 }""", "bytes")]
    [InlineData("""{ "kind": "latency", "latencyMs": 100, "toxicity": 1.5 }""", "toxicity")]
    [InlineData("""{ "kind": "latency", "latencyMs": 100, "ttlSeconds": 0 }""", "ttlSeconds")]
    [InlineData("""{ "kind": "latency", "latencyMs": 100, "direction": "sideways" }""", "direction")]
    [InlineData("""{ "kind": "bandwidth", "rateKBps": 0 }""", "rateKBps")]
    [InlineData("""{ "kind": "slowClose" }""", "delayMs")]
    [InlineData("""{ "kind": "limitData" }""", "bytes")]
    [InlineData("""{ "kind": "down", "direction": "upstream" }""", "direction")]
    [InlineData("""{ "kind": "down", "toxicity": 0.5 }""", "toxicity")]
    [InlineData("""not json""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await Proxy.Http.PostAsync("/faults", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
        Assert.Empty(await Proxy.Client.ListAsync());
    }

    [Theory]
    [InlineData("""{ "ttlSeconds": 10 }""", "holder")]
    [InlineData("""{ "holder": "x" }""", "ttlSeconds")]
    public async Task A_bad_lease_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await Proxy.Http.PutAsync("/lease", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task The_faults_in_force_are_a_gauge_on_metrics_per_kind_until_reset()
    {
        await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(100)));
        await Proxy.Client.AddAsync(FaultSpec.Down());
        await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(50)));

        // The exporter caches a scrape for a moment: read until it shows the faults.
        var active = await Eventually.ReturnsAsync(ActiveFaultsAsync, a => a.Count > 0, "reference_chaos_faults_active on the proxy's /metrics");
        Assert.Equal(["echo down 1", "echo latency 1"], active);

        await Proxy.Client.ResetAsync();
        await Eventually.ReturnsAsync(ActiveFaultsAsync, a => a.Count == 0, "no fault left in force on the proxy's /metrics");
    }

    private async Task<List<string>> ActiveFaultsAsync() =>
        [.. PrometheusText.Parse(await Proxy.Http.GetStringAsync("/metrics"))
            .Where(s => s.Name == "reference_chaos_faults_active" && s.Value > 0)
            .Select(s => $"{s.Label("target")} {s.Label("kind")} {s.Value}")
            .Order()];

    [Fact]
    public async Task Adding_answers_201_with_the_fault_its_id_and_its_expiry()
    {
        using var response = await Proxy.Http.PostAsJsonAsync("/faults", new { kind = "latency", latencyMs = 200, jitterMs = 20, direction = "downstream", toxicity = 0.5, ttlSeconds = 60 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var fault = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = fault.GetProperty("id").GetString();
        Assert.Equal($"/faults/{id}", response.Headers.Location?.ToString());
        Assert.Equal("latency", fault.GetProperty("kind").GetString());
        Assert.Equal("downstream", fault.GetProperty("direction").GetString());
        Assert.Equal(0.5, fault.GetProperty("toxicity").GetDouble());
        Assert.Equal(200, fault.GetProperty("latencyMs").GetInt32());
        Assert.Equal(20, fault.GetProperty("jitterMs").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(60), fault.GetProperty("expiresAt").GetDateTimeOffset() - fault.GetProperty("createdAt").GetDateTimeOffset());
        Assert.False(fault.TryGetProperty("bytes", out _), "Parameters of other kinds are left out");
    }

    [Fact]
    public async Task Removing_answers_204_then_404()
    {
        var fault = await Proxy.Client.AddAsync(FaultSpec.LimitData(10));

        using var first = await Proxy.Http.DeleteAsync($"/faults/{fault.Id}");
        using var second = await Proxy.Http.DeleteAsync($"/faults/{fault.Id}");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task Every_factory_makes_a_fault_the_proxy_accepts()
    {
        FaultSpec[] specs =
        [
            FaultSpec.Latency(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50)),
            FaultSpec.Bandwidth(64),
            FaultSpec.SlowClose(TimeSpan.FromSeconds(1)),
            FaultSpec.Timeout(TimeSpan.FromSeconds(2)),
            FaultSpec.Blackhole(),
            FaultSpec.ResetPeer(),
            FaultSpec.LimitData(1024),
            FaultSpec.Down(),
        ];
        foreach (var spec in specs) await Proxy.Client.AddAsync(spec);

        var kinds = (await Proxy.Client.ListAsync()).Select(f => f.Kind).ToArray();
        Assert.Equal(specs.Select(s => s.Kind), kinds);
    }

    [Fact]
    public async Task Health_answers_200()
    {
        using var response = await Proxy.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400 naming '{field}', got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var names = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(names.Contains(field), $"Expected errors to name '{field}', but they name [{string.Join(", ", names)}]: {body}");
    }
}
