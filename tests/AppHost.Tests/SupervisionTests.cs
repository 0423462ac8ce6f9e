using System.Net;
using Npgsql;
using Reference.AppHost.Supervision;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>Start order, health, restarts: the AppHost supervising Postgres, Redis and Catalog ×2.</summary>
public class SupervisionTests(SmallSystemFixture system) : IClassFixture<SmallSystemFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Postgres_redis_and_two_catalog_replicas_start_and_all_become_ready()
    {
        var app = system.App;

        Assert.Equal(new[] { "cache", "catalog", "postgres" }, app.Resources.Keys.Order().ToArray());
        Assert.All(app.Resources.Values, r => Assert.Equal(ReplicaState.Running, r.State));
        var catalog = app.Resources["catalog"];
        Assert.Equal(2, catalog.Replicas.Count);
        Assert.NotEqual(catalog.Replicas[0].Endpoint, catalog.Replicas[1].Endpoint);
        Assert.NotEqual(catalog.Replicas[0].Pid, catalog.Replicas[1].Pid);

        for (var i = 0; i < 2; i++)
        {
            using var client = app.CreateHttpClient("catalog", i);
            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // The connection string the services get opens the database the AppHost created.
        await using var connection = new NpgsqlConnection(app.GetConnectionString("catalogdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("catalogdb", await command.ExecuteScalarAsync());
        Assert.StartsWith("127.0.0.1:", app.GetConnectionString("cache"));
    }

    [Fact]
    public async Task A_killed_replica_is_restarted_and_ready_again()
    {
        var replica = system.App.Resources["catalog"].Replicas[1];
        await replica.WaitForStateAsync(ReplicaState.Running, Deadline);
        var before = replica.Restarts;
        var killedPid = replica.Pid!.Value;

        await replica.KillAsync();

        await Eventually.UntilAsync(() => replica.Restarts == before + 1, "the supervisor to count one restart", Deadline);
        await replica.WaitForStateAsync(ReplicaState.Running, Deadline);
        Assert.Equal(before + 1, replica.Restarts);
        Assert.NotEqual(killedPid, replica.Pid);
        Assert.False(ProcessFacts.IsAlive(killedPid), $"killed pid {killedPid} should be gone");
        using var client = system.App.CreateHttpClient("catalog", 1);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // Its sibling was never touched.
        Assert.Equal(0, system.App.Resources["catalog"].Replicas[0].Restarts);
    }

    [Fact]
    public async Task A_stopped_replica_stays_down_until_started_and_is_not_counted_as_a_restart()
    {
        var replica = system.App.Resources["catalog"].Replicas[0];
        await replica.WaitForStateAsync(ReplicaState.Running, Deadline);
        var pid = replica.Pid!.Value;
        var restarts = replica.Restarts;

        await replica.StopAsync();

        Assert.Equal(ReplicaState.Stopped, replica.State);
        Assert.Null(replica.Pid);
        await Eventually.UntilAsync(() => !ProcessFacts.IsAlive(pid), $"stopped pid {pid} to be gone");

        await replica.StartAsync().WaitAsync(Deadline);
        Assert.Equal(ReplicaState.Running, replica.State);
        Assert.NotEqual(pid, replica.Pid);
        Assert.Equal(restarts, replica.Restarts);
    }
}
