using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Reference.Testing;
using Reference.Testing.Processes;
using StackExchange.Redis;

namespace Reference.ServiceDefaults.Tests.Chaos;

/// <summary>
/// Chaos on a data connection, against a real Redis: with the server up, a fault on target <c>cache</c>
/// makes a call through <c>ChaosPipelines.For("cache")</c> throw what StackExchange.Redis throws when the
/// server is gone, and removing the fault (or letting it expire) gives the real answer back.
/// </summary>
public sealed class ChaosRedisTests : IAsyncLifetime
{
    private const string Key = "chaos-redis:key";

    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_fault_on_cache_throws_the_redis_connection_exception_until_deleted()
    {
        await using var app = await StartAsync();
        using var admin = Admin(app);
        (await admin.PutAsJsonAsync("/admin/chaos/cache", new { faultRate = 1.0 })).EnsureSuccessStatusCode();

        await Assert.ThrowsAsync<RedisConnectionException>(() => GetThroughChaosAsync(app));
        // The server was up all along: the failure was chaos, not Redis.
        Assert.True(await app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync() >= TimeSpan.Zero);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/admin/chaos/cache")).StatusCode);
        Assert.Equal("value", await GetThroughChaosAsync(app));
    }

    [Fact]
    public async Task A_fault_on_cache_stops_when_its_ttl_runs_out()
    {
        await using var app = await StartAsync();
        using var admin = Admin(app);
        (await admin.PutAsJsonAsync("/admin/chaos/cache", new { faultRate = 1.0, ttlSeconds = 1 })).EnsureSuccessStatusCode();

        await Assert.ThrowsAsync<RedisConnectionException>(() => GetThroughChaosAsync(app));

        await Eventually.UntilAsync(async () =>
        {
            try
            {
                return await GetThroughChaosAsync(app) == "value";
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        }, "Redis calls through the chaos pipeline to succeed once the 1 s fault expired", TimeSpan.FromSeconds(10));
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = TestApp.CreateBuilder(
            ("ConnectionStrings:cache", _redis.ConnectionString),
            ("Chaos:Enabled", "true"),
            ("Admin:ApiKey", ChaosHosts.AdminKey));
        builder.AddRedisConnection("cache");
        var app = await TestApp.StartAsync(builder);
        await app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringSetAsync(Key, "value");
        return app;
    }

    /// <summary>A real round trip, made the way the services' data code makes it.</summary>
    private static async Task<string?> GetThroughChaosAsync(WebApplication app)
    {
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var pipeline = app.Services.GetRequiredService<ChaosPipelines>().For("cache");
        return await pipeline.ExecuteAsync(async _ => (string?)await redis.StringGetAsync(Key));
    }

    private static HttpClient Admin(WebApplication app)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add(AdminKeyFilter.HeaderName, ChaosHosts.AdminKey);
        return client;
    }
}
