using System.Net;
using Reference.AppHost.Supervision;
using Xunit.Abstractions;

namespace Reference.EndToEnd.Tests;

/// <summary>Losing one Catalog replica is invisible to browsers: the gateway routes around it while the AppHost restarts it.</summary>
[Collection(SystemCollection.Name)]
public sealed class DegradationTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task Browsing_keeps_answering_while_a_killed_catalog_replica_is_restarted()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var catalog = system.App.Resources["catalog"];
        Assert.True(catalog.Replicas.Count >= 2, "The system model runs Catalog with two replicas.");
        var victim = catalog.Replicas[^1];
        await victim.WaitForStateAsync(ReplicaState.Running, TimeSpan.FromSeconds(30));
        var restartsBefore = victim.Restarts;

        await victim.KillAsync();

        // Browse for as long as the replica is not back (bounded by the deadline): every answer must be a 200.
        var statuses = new List<HttpStatusCode>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            using var response = await gateway.GetAsync("/api/catalog/items?pageIndex=0&pageSize=5");
            statuses.Add(response.StatusCode);
        }
        while (victim.State != ReplicaState.Running && DateTime.UtcNow < deadline);
        output.WriteLine($"{statuses.Count} browse requests while {victim.InstanceName} was down or restarting");

        await victim.WaitForStateAsync(ReplicaState.Running, TimeSpan.FromSeconds(30));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(restartsBefore + 1, victim.Restarts);
    }
}
