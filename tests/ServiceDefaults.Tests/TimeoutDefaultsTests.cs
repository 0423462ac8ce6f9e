using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Reference.ServiceDefaults.Tests;

/// <summary>
/// Every Postgres and Redis round trip has a bound, and a bound someone wrote down wins. Each test reads
/// the settings the registered client is built with, so losing a default in the wiring fails here.
/// </summary>
public sealed class TimeoutDefaultsTests
{
    [Fact]
    public void Postgres_gets_connect_command_cancellation_and_keepalive_bounds_when_the_string_has_none()
    {
        var csb = RegisteredPostgres(("ConnectionStrings:catalogdb", "Host=127.0.0.1;Database=catalogdb;Username=x"));

        Assert.Equal(PostgresExtensions.DefaultConnectTimeoutSeconds, csb.Timeout);
        Assert.Equal(PostgresExtensions.DefaultCommandTimeoutSeconds, csb.CommandTimeout);
        Assert.Equal(PostgresExtensions.DefaultKeepAliveSeconds, csb.KeepAlive);
        Assert.Equal(PostgresExtensions.NoCancellationWait, csb.CancellationTimeout);
        Assert.Equal("catalogdb", csb.Database);
    }

    [Theory]
    [InlineData("Host=h;Username=x;Timeout=9;Command Timeout=11;Keepalive=0")]
    [InlineData("Host=h;Username=x;timeout=9;command timeout=11;keepalive=0")]
    public void Postgres_keeps_timeouts_the_string_sets_even_when_they_equal_npgsql_defaults(string connectionString)
    {
        var csb = RegisteredPostgres(("ConnectionStrings:catalogdb", connectionString));

        Assert.Equal(9, csb.Timeout);
        Assert.Equal(11, csb.CommandTimeout);
        Assert.Equal(0, csb.KeepAlive);
    }

    [Fact]
    public void Postgres_gets_the_bounds_when_the_string_comes_from_the_aspire_section()
    {
        var csb = RegisteredPostgres(("Aspire:Npgsql:ConnectionString", "Host=127.0.0.1;Database=fromsection;Username=x"));

        Assert.Equal("fromsection", csb.Database);
        Assert.Equal(PostgresExtensions.DefaultConnectTimeoutSeconds, csb.Timeout);
        Assert.Equal(PostgresExtensions.DefaultCommandTimeoutSeconds, csb.CommandTimeout);
    }

    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("127.0.0.1:6379,abortConnect=true")]
    public void Redis_gets_connect_and_command_bounds_and_never_aborts_on_a_failed_connect(string connectionString)
    {
        var options = RegisteredRedis(("ConnectionStrings:cache", connectionString));

        Assert.Equal(RedisExtensions.DefaultConnectTimeoutMs, options.ConnectTimeout);
        Assert.Equal(RedisExtensions.DefaultCommandTimeoutMs, options.SyncTimeout);
        Assert.Equal(RedisExtensions.DefaultCommandTimeoutMs, options.AsyncTimeout);
        Assert.False(options.AbortOnConnectFail, "a service must start (degraded) while Redis is down");
    }

    [Fact]
    public void Redis_keeps_timeouts_the_string_sets()
    {
        var options = RegisteredRedis(("ConnectionStrings:cache", "127.0.0.1:6379,connectTimeout=5000,syncTimeout=3000,asyncTimeout=4000"));

        Assert.Equal(5000, options.ConnectTimeout);
        Assert.Equal(3000, options.SyncTimeout);
        Assert.Equal(4000, options.AsyncTimeout);
    }

    [Fact]
    public void Redis_keeps_timeouts_the_aspire_section_sets_and_an_unset_async_timeout_follows_the_sync_one()
    {
        var options = RegisteredRedis(
            ("ConnectionStrings:cache", "127.0.0.1:6379"),
            ("Aspire:StackExchange:Redis:ConfigurationOptions:SyncTimeout", "3000"));

        Assert.Equal(3000, options.SyncTimeout);
        Assert.Equal(3000, options.AsyncTimeout);
        Assert.Equal(RedisExtensions.DefaultConnectTimeoutMs, options.ConnectTimeout);
    }

    [Fact]
    public void A_missing_connection_string_fails_at_start_naming_the_environment_variable()
    {
        var builder = TestApp.CreateBuilder();

        var postgres = Assert.Throws<InvalidOperationException>(() => builder.AddPostgresDataSource("catalogdb"));
        var redis = Assert.Throws<InvalidOperationException>(() => builder.AddRedisConnection("cache"));

        Assert.Contains("ConnectionStrings__catalogdb", postgres.Message);
        Assert.Contains("ConnectionStrings__cache", redis.Message);
    }

    /// <summary>The connection string of the data source a service would get; nothing connects.</summary>
    private static NpgsqlConnectionStringBuilder RegisteredPostgres(params (string Key, string? Value)[] settings)
    {
        var builder = TestApp.CreateBuilder(settings);
        builder.AddPostgresDataSource("catalogdb");
        using var app = builder.Build();
        return new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
    }

    /// <summary>The options the multiplexer would connect with; nothing connects.</summary>
    private static ConfigurationOptions RegisteredRedis(params (string Key, string? Value)[] settings)
    {
        var builder = TestApp.CreateBuilder(settings);
        builder.AddRedisConnection("cache");
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;
    }
}
