using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Reference.ServiceDefaults.Tests;

/// <summary>Readiness and liveness: status codes the AppHost and gateway act on, and JSON a person can read.</summary>
public sealed class HealthTests
{
    /// <summary>A dependency whose health the test sets.</summary>
    private sealed class Dependency
    {
        public volatile HealthStatus Status = HealthStatus.Healthy;
    }

    [Theory]
    [InlineData(HealthStatus.Healthy, HttpStatusCode.OK)]
    [InlineData(HealthStatus.Degraded, HttpStatusCode.OK)]
    [InlineData(HealthStatus.Unhealthy, HttpStatusCode.ServiceUnavailable)]
    public async Task Readiness_maps_the_worst_check_to_a_status_code_and_names_each_check(HealthStatus status, HttpStatusCode expected)
    {
        var dependency = new Dependency { Status = status };
        var builder = TestApp.CreateBuilder();
        builder.Services.AddHealthChecks().AddCheck("dependency", () => new HealthCheckResult(dependency.Status, $"dependency is {dependency.Status}"));
        await using var app = await TestApp.StartAsync(builder);

        var response = await app.GetTestClient().GetAsync("/health");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status.ToString(), body.GetProperty("status").GetString());
        var check = body.GetProperty("checks").GetProperty("dependency");
        Assert.Equal(status.ToString(), check.GetProperty("status").GetString());
        Assert.Equal($"dependency is {status}", check.GetProperty("description").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("draining").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Liveness_ignores_dependencies()
    {
        var builder = TestApp.CreateBuilder();
        builder.Services.AddHealthChecks().AddCheck("dependency", () => HealthCheckResult.Unhealthy("down"));
        await using var app = await TestApp.StartAsync(builder);
        var client = app.GetTestClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        var alive = await client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var checks = JsonDocument.Parse(await alive.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal(["self"], checks.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Unreachable_postgres_makes_the_service_not_ready_through_one_check()
    {
        var builder = TestApp.CreateBuilder(("ConnectionStrings:db", $"Host=127.0.0.1;Port={TestApp.ClosedPort()};Username=x;Password=x;Timeout=1"));
        builder.AddPostgresDataSource("db");
        await using var app = await TestApp.StartAsync(builder);

        var response = await app.GetTestClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        var check = checks.GetProperty("postgres-db");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(check.GetProperty("description").GetString()), "the check should say why Postgres is unhealthy");
        AssertOneCheckFor("postgres", checks);
    }

    [Fact]
    public async Task A_postgres_that_accepts_but_never_answers_fails_readiness_within_the_connect_bound()
    {
        // Accepts the TCP connection and never says a word: only a timeout can end the wait.
        using var blackhole = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blackhole.Start();
        var port = ((IPEndPoint)blackhole.LocalEndpoint).Port;
        var builder = TestApp.CreateBuilder(("ConnectionStrings:db", $"Host=127.0.0.1;Port={port};Username=x;Password=x"));
        builder.AddPostgresDataSource("db");
        await using var app = await TestApp.StartAsync(builder);

        var clock = Stopwatch.StartNew();
        var response = await app.GetTestClient().GetAsync("/health");
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // The bound is PostgresExtensions.DefaultConnectTimeoutSeconds (2 s); Npgsql's own default would be 15 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"readiness answered after {clock.Elapsed.TotalSeconds:0.0} s; expected about {PostgresExtensions.DefaultConnectTimeoutSeconds} s");
    }

    [Fact]
    public async Task Unreachable_redis_used_as_a_cache_is_degraded_and_still_ready()
    {
        var builder = TestApp.CreateBuilder(("ConnectionStrings:cache", $"127.0.0.1:{TestApp.ClosedPort()},connectTimeout=500"));
        builder.AddRedisConnection("cache", HealthStatus.Degraded);
        await using var app = await TestApp.StartAsync(builder);

        var response = await app.GetTestClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        var check = body.GetProperty("checks").GetProperty("redis-cache");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Equal("redis not connected", check.GetProperty("description").GetString());
        AssertOneCheckFor("redis", body.GetProperty("checks"));
    }

    [Fact]
    public async Task Unreachable_redis_used_as_the_store_makes_the_service_not_ready()
    {
        var builder = TestApp.CreateBuilder(("ConnectionStrings:store", $"127.0.0.1:{TestApp.ClosedPort()},connectTimeout=500"));
        builder.AddRedisConnection("store");
        await using var app = await TestApp.StartAsync(builder);

        var response = await app.GetTestClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("redis-store").GetProperty("status").GetString());
        AssertOneCheckFor("redis", checks);
    }

    /// <summary>Ours, not also Aspire's ("PostgreSql", "StackExchange.Redis"): two checks would report one outage twice.</summary>
    private static void AssertOneCheckFor(string dependency, JsonElement checks)
    {
        var names = checks.EnumerateObject().Select(c => c.Name).ToList();
        Assert.True(names.Count(n => n.Contains(dependency, StringComparison.OrdinalIgnoreCase)) == 1,
            $"Expected one readiness check for {dependency}, got: {string.Join(", ", names)}");
    }
}
