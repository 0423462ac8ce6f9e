using System.Net;
using Reference.Catalog.Infrastructure;
using Reference.Chaos.FaultProxy.Client;
using Reference.Testing;

namespace Reference.Catalog.Tests.Integration;

/// <summary>
/// Postgres down must not take browse down: what is cached is still served, a miss is a fast 503 with
/// Retry-After (never a 500), and readiness says Degraded (200) so the gateway keeps routing here.
/// </summary>
[Collection(CatalogCollection.Name)]
public sealed class PostgresOutageTests(CatalogFixture fixture) : IAsyncLifetime
{
    private CatalogApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureRedisRunningAsync();
        await fixture.EnsurePostgresRunningAsync();
        _app = await new CatalogApp(await fixture.FreshStateAsync(), fixture.Redis.ConnectionString).ReadyAsync();
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        // The collection shares this Postgres: the next test expects it running.
        await fixture.EnsurePostgresRunningAsync();
    }

    [Fact]
    public async Task Cached_reads_are_served_misses_answer_503_with_retry_after_and_readiness_is_degraded_when_postgres_is_down()
    {
        var cached = await _client.GetItemAsync(5);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 5)), "item 5 to be cached");

        await fixture.Postgres.StopAsync();

        await Eventually.UntilAsync(async () => await HealthStatusAsync("postgres-catalogdb") != "Healthy", "readiness to notice Postgres is gone");
        var health = await _client.GetAsync("/health");
        var report = await health.ReadJsonAsync();
        Assert.True(health.StatusCode == HttpStatusCode.OK,
            $"readiness should stay 200 (Degraded) while the cache can serve; got {(int)health.StatusCode}: {report}");
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("postgres-catalogdb").GetProperty("status").GetString());

        Assert.Equal(cached, await _client.GetItemAsync(5));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var miss = await _client.GetAsync("/api/catalog/items/6");
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var body = await miss.Content.ReadAsStringAsync();
        Assert.True(miss.StatusCode == HttpStatusCode.ServiceUnavailable, $"an uncached item with Postgres down: expected 503, got {(int)miss.StatusCode}: {body}");
        Assert.True(miss.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"the 503 should say when to retry; Retry-After was '{miss.Headers.RetryAfter}'");
        Assert.Equal("application/problem+json", miss.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await miss.ReadJsonAsync()).GetProperty("status").GetInt32());
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the 503 took {elapsed.TotalMilliseconds:0} ms; a refused connection should fail fast");

        var page = await _client.GetAsync("/api/catalog/items?pageSize=7&type=Tents");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);

        // Back up: readiness and misses recover on their own.
        await fixture.EnsurePostgresRunningAsync();
        await Eventually.UntilAsync(async () => await HealthStatusAsync() == "Healthy", "readiness to be Healthy once Postgres is back");
        Assert.Equal(6, (await _client.GetItemAsync(6)).Id);
    }

    /// <summary>
    /// Stale if error: with Postgres down and Redis not holding the entry (expired, or a Redis call over its
    /// budget on a busy machine), the last copy this replica read answers instead of a 503. LocalTtl 0 makes
    /// every read ask Redis, so what answers can only be the stale copy. Before: 503 (postgres-down gate).
    /// </summary>
    [Fact]
    public async Task With_postgres_down_and_redis_missing_the_entry_the_replicas_last_copy_answers()
    {
        await using var app = await new CatalogApp(await fixture.FreshStateAsync(), fixture.Redis.ConnectionString,
            new Dictionary<string, string?> { ["Catalog:Cache:LocalTtl"] = "00:00:00" }).ReadyAsync();
        using var client = app.CreateClient();
        var item = await client.GetItemAsync(5);
        var page = await client.GetStringAsync("/api/catalog/items?pageSize=7");

        await fixture.Postgres.StopAsync();
        await fixture.Cache.ExecuteAsync("FLUSHDB");

        Assert.Equal(item, await client.GetItemAsync(5));
        using var pageDuringOutage = await client.GetAsync("/api/catalog/items?pageSize=7");
        Assert.Equal(HttpStatusCode.OK, pageDuringOutage.StatusCode);
        Assert.Equal(page, await pageDuringOutage.Content.ReadAsStringAsync());
        var metrics = (await client.GetStringAsync("/metrics")).Split('\n');
        foreach (var kind in new[] { "item", "page" })
            Assert.Contains(metrics, l => l.StartsWith("catalog_cache_lookups", StringComparison.Ordinal)
                && l.Contains("catalog_cache_result=\"stale\"") && l.Contains($"catalog_cache_kind=\"{kind}\""));

        // Never read here: nothing to fall back on.
        using var miss = await client.GetAsync("/api/catalog/items/6");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, miss.StatusCode);
    }

    /// <summary>
    /// A silent database (accepts, never answers) must not make readiness itself silent: the gateway probes
    /// /health with a 1 s timeout (Gateway:HealthCheckTimeout) and ejects a replica whose probe times out,
    /// which would stop it serving from the cache just as under Postgres down.
    /// </summary>
    [Fact]
    public async Task With_postgres_blackholed_readiness_still_answers_degraded_within_the_gateways_probe_timeout()
    {
        await using var proxy = PostgresBehindProxy.Start(fixture.Postgres);
        await using var app = await new CatalogApp(proxy.Through(await fixture.FreshStateAsync()), fixture.Redis.ConnectionString).ReadyAsync();
        using var probe = app.CreateClient();
        probe.Timeout = TimeSpan.FromSeconds(1); // the gateway's probe
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);

        await proxy.Faults.AddAsync(FaultSpec.Blackhole());

        // Twice: the first check may still find a pooled connection that was idle when the blackhole began.
        for (var i = 0; i < 2; i++)
        {
            using var health = await probe.GetAsync("/health");
            var report = await health.ReadJsonAsync();
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"readiness should answer 200 (Degraded); got {(int)health.StatusCode}: {report}");
            Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("postgres-catalogdb").GetProperty("status").GetString());
        }
    }

    private async Task<string?> HealthStatusAsync(string? check = null)
    {
        var report = await (await _client.GetAsync("/health")).ReadJsonAsync();
        return (check is null ? report : report.GetProperty("checks").GetProperty(check)).GetProperty("status").GetString();
    }
}
