using System.Diagnostics;
using Npgsql;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>
/// Services reach Postgres and Redis through a fault proxy (AppHost/Hosting/FaultProxyBuilderExtensions.cs),
/// and the dashboard commands on <c>postgres</c> change what a client of <c>catalogdb</c> experiences.
/// </summary>
[Collection(WholeSystemCollection.Name)]
public sealed class FaultProxyCommandTests(WholeSystem system)
{
    private static readonly TimeSpan Injected = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Add_latency_on_postgres_slows_every_round_trip_of_a_client_and_restore_removes_it()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await system.GetConnectionStringAsync("catalogdb")) { Pooling = false }.ConnectionString;
        var commands = system.App.ResourceCommands;

        var added = await commands.ExecuteCommandAsync("postgres", "chaos-latency");
        Assert.True(added.Success, added.Message);
        try
        {
            var slow = await TimeOneQueryAsync(connectionString);
            Assert.True(slow >= Injected, $"a query through the proxy with +{Injected.TotalMilliseconds} ms took {slow.TotalMilliseconds:0} ms");
        }
        finally
        {
            var restored = await commands.ExecuteCommandAsync("postgres", "chaos-restore");
            Assert.True(restored.Success, restored.Message);
        }

        // No upper timing bound on a shared machine: restored means no longer held for the injected latency.
        await Eventually.UntilAsync(async () => await TimeOneQueryAsync(connectionString) < Injected,
            "a query faster than the removed latency after Restore", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Down_on_cache_refuses_clients_and_restore_lets_them_in_again()
    {
        var redisPort = int.Parse((await system.GetConnectionStringAsync("cache")).Split(',')[0].Split(':')[1]);
        var down = await system.App.ResourceCommands.ExecuteCommandAsync("cache", "chaos-down");
        Assert.True(down.Success, down.Message);
        try
        {
            await Eventually.UntilAsync(async () => !await AnswersPingAsync(redisPort), "the cache proxy to stop answering", TimeSpan.FromSeconds(5));
        }
        finally
        {
            var restored = await system.App.ResourceCommands.ExecuteCommandAsync("cache", "chaos-restore");
            Assert.True(restored.Success, restored.Message);
        }
        await Eventually.UntilAsync(() => AnswersPingAsync(redisPort), "the cache answering through the proxy after Restore", TimeSpan.FromSeconds(10));
    }

    /// <summary>Connect (three round trips: startup, SCRAM) and one query: latency shows on each.</summary>
    private static async Task<TimeSpan> TimeOneQueryAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
        return clock.Elapsed;
    }

    /// <summary>Any RESP answer to PING (even -NOAUTH) means the connection reached Redis.</summary>
    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            return await stream.ReadAsync(buffer, timeout.Token) > 0;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
