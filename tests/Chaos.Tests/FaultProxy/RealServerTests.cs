using System.Diagnostics;
using Npgsql;
using Reference.Chaos.FaultProxy.Client;
using Reference.Chaos.Tests.Support;
using Reference.Testing;
using Reference.Testing.Processes;

namespace Reference.Chaos.Tests.FaultProxy;

/// <summary>Real Redis and Postgres servers for the proxy to stand in front of.</summary>
public sealed class ServersFixture : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;
    public PostgresServer Postgres { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Postgres = await PostgresServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>Faults as the services' drivers meet them: through a real Postgres and a real Redis.</summary>
public sealed class RealServerTests(ServersFixture servers) : IClassFixture<ServersFixture>
{
    [Fact]
    public async Task A_postgres_query_through_200_ms_latency_takes_at_least_200_ms()
    {
        await using var proxy = FaultProxyHarness.Start(servers.Postgres.Port);
        var through = new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString()) { Port = proxy.Port, Pooling = false, Timeout = 5, CommandTimeout = 5 };
        await using var connection = new NpgsqlConnection(through.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT 1", connection);
        var clean = Stopwatch.StartNew();
        await query.ExecuteScalarAsync();
        clean.Stop();

        await proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(200)) with { Direction = FaultDirection.Downstream });
        var slow = Stopwatch.StartNew();
        Assert.Equal(1, await query.ExecuteScalarAsync());
        slow.Stop();

        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(200), $"Expected the query on an already open connection to take at least 200 ms, took {slow.Elapsed.TotalMilliseconds:0} ms (clean: {clean.Elapsed.TotalMilliseconds:0} ms)");
    }

    [Fact]
    public async Task A_blackholed_redis_call_hits_the_clients_timeout_while_the_proxy_holds_the_connection()
    {
        await using var proxy = FaultProxyHarness.Start(servers.Redis.Port);
        using var wire = await Wire.ConnectAsync(proxy.Port);
        Assert.Equal("+PONG", await RedisPing.SendAsync(wire.Stream, TimeSpan.FromSeconds(5)));

        await proxy.Client.AddAsync(FaultSpec.Blackhole());
        var started = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RedisPing.SendAsync(wire.Stream, TimeSpan.FromMilliseconds(500)));

        // The client's own timer (whole milliseconds) ended the call, not an answer or a close from the proxy.
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(490), $"Expected the client's 500 ms timeout to be what ended the call, after {started.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(wire.Client.Connected, "Expected the proxy to keep the connection open (accepted, never answering)");
        using var fresh = await Wire.ConnectAsync(proxy.Port);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RedisPing.SendAsync(fresh.Stream, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task The_proxy_starts_before_its_upstream_and_passes_traffic_once_it_is_up()
    {
        var port = FreePort.Next();
        await using var proxy = FaultProxyHarness.Start(port);

        using (var early = await Wire.ConnectAsync(proxy.Port))
        {
            var ended = await early.HowReadEndsAsync(TimeSpan.FromSeconds(5));
            Assert.True(ended is "closed" or "ConnectionReset", $"Expected the proxy to end a connection it cannot forward, got '{ended}'");
        }

        await using var redis = await RedisServer.StartAsync(new RedisServerOptions { Port = port });
        using var wire = await Wire.ConnectAsync(proxy.Port);
        Assert.Equal("+PONG", await RedisPing.SendAsync(wire.Stream, TimeSpan.FromSeconds(5)));
    }
}
