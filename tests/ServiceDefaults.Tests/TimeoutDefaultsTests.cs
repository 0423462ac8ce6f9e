namespace Reference.ServiceDefaults.Tests;

/// <summary>Every Postgres and Redis round trip has a bound, and a bound someone wrote down wins.</summary>
public sealed class TimeoutDefaultsTests
{
    [Fact]
    public void Postgres_gets_connect_command_and_keepalive_bounds_when_the_string_has_none()
    {
        var csb = PostgresExtensions.WithDefaultTimeouts("Host=127.0.0.1;Database=catalogdb");

        Assert.Equal(PostgresExtensions.DefaultConnectTimeoutSeconds, csb.Timeout);
        Assert.Equal(PostgresExtensions.DefaultCommandTimeoutSeconds, csb.CommandTimeout);
        Assert.Equal(10, csb.KeepAlive);
        Assert.Equal("catalogdb", csb.Database);
    }

    [Theory]
    [InlineData("Host=h;Timeout=9;Command Timeout=11;Keepalive=0")]
    [InlineData("Host=h;timeout=9;command timeout=11;keepalive=0")]
    public void Postgres_keeps_timeouts_the_string_sets_even_when_they_equal_npgsql_defaults(string connectionString)
    {
        var csb = PostgresExtensions.WithDefaultTimeouts(connectionString);

        Assert.Equal(9, csb.Timeout);
        Assert.Equal(11, csb.CommandTimeout);
        Assert.Equal(0, csb.KeepAlive);
    }

    [Fact]
    public void Redis_gets_connect_and_command_bounds_and_never_aborts_on_a_failed_connect()
    {
        var options = RedisExtensions.WithDefaultTimeouts("127.0.0.1:6379");

        Assert.Equal(RedisExtensions.DefaultConnectTimeoutMs, options.ConnectTimeout);
        Assert.Equal(RedisExtensions.DefaultCommandTimeoutMs, options.SyncTimeout);
        Assert.Equal(RedisExtensions.DefaultCommandTimeoutMs, options.AsyncTimeout);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void Redis_keeps_timeouts_the_string_sets()
    {
        var options = RedisExtensions.WithDefaultTimeouts("127.0.0.1:6379,connectTimeout=5000,syncTimeout=3000,asyncTimeout=4000");

        Assert.Equal(5000, options.ConnectTimeout);
        Assert.Equal(3000, options.SyncTimeout);
        Assert.Equal(4000, options.AsyncTimeout);
    }

    [Fact]
    public void A_missing_connection_string_fails_at_start_naming_the_environment_variable()
    {
        var builder = TestApp.CreateBuilder();

        var postgres = Assert.Throws<InvalidOperationException>(() => builder.AddNpgsqlDataSource("catalogdb"));
        var redis = Assert.Throws<InvalidOperationException>(() => builder.AddRedisClient("cache"));

        Assert.Contains("ConnectionStrings__catalogdb", postgres.Message);
        Assert.Contains("ConnectionStrings__cache", redis.Message);
    }
}
