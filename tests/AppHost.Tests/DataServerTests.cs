using Npgsql;
using Reference.AppHost.Processes;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>The process layer under the AppHost and every fixture: real Postgres and Redis, started, stopped, killed.</summary>
public class DataServerTests
{
    [Fact]
    public async Task Postgres_starts_answers_with_its_password_and_leaves_nothing_behind()
    {
        int pid;
        string root;
        await using (var postgres = await PostgresServer.StartAsync())
        {
            pid = postgres.Process!.Pid;
            root = postgres.RootDirectory;
            await postgres.CreateDatabaseAsync("smoke");
            await using var connection = new NpgsqlConnection(postgres.ConnectionString("smoke"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal("smoke", await command.ExecuteScalarAsync());

            var wrongPassword = new NpgsqlConnectionStringBuilder(postgres.ConnectionString()) { Password = "wrong", Pooling = false };
            await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var bad = new NpgsqlConnection(wrongPassword.ConnectionString);
                await bad.OpenAsync();
            });
        }

        await Eventually.UntilAsync(() => !ProcessFacts.IsAlive(pid), $"postmaster pid {pid} to be gone");
        Assert.False(Directory.Exists(root), $"the temporary directory {root} should be deleted");
    }

    [Fact]
    public async Task Postgres_keeps_committed_rows_across_a_kill_and_restart()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await Execute(postgres, "CREATE TABLE t (id int primary key); INSERT INTO t VALUES (1), (2);");

        postgres.Kill();
        await postgres.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        NpgsqlConnection.ClearAllPools();
        await postgres.StartAsync();

        Assert.Equal(2L, await Execute(postgres, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Redis_keeps_writes_older_than_a_second_across_a_kill_and_restart()
    {
        await using var redis = await RedisServer.StartAsync();
        Assert.Equal("+OK", await RedisCommand(redis, "SET survivor yes"));
        // appendfsync everysec: a write is on disk within about a second. Wait for the AOF to hold it
        // rather than for a fixed time.
        var aof = Path.Combine(redis.DataDirectory, "appendonlydir");
        await Eventually.UntilAsync(() => Directory.Exists(aof) && Directory.EnumerateFiles(aof, "*.incr.aof")
            .Any(f => File.ReadAllText(f).Contains("survivor")), "the AOF to contain the write");

        var firstPid = redis.Process!.Pid;
        redis.Kill();
        await redis.Process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        await redis.StartAsync();

        Assert.NotEqual(firstPid, redis.Process.Pid);
        Assert.Equal("$3", (await RedisCommand(redis, "GET survivor")).Split("\r\n")[0]);
    }

    private static async Task<object?> Execute(PostgresServer postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>An inline Redis command over the wire protocol: enough for a smoke test, no client library needed.</summary>
    private static async Task<string> RedisCommand(RedisServer redis, string command)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", redis.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
    }
}
