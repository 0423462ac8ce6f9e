using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reference.Testing;
using Xunit.Abstractions;

namespace Reference.EndToEnd.Tests;

/// <summary>Losing one Catalog replica is invisible to browsers: the gateway routes around it while the AppHost restarts it.</summary>
[Collection(SystemCollection.Name)]
public sealed class DegradationTests(SystemFixture system, ITestOutputHelper output)
{
    /// <summary>The catalog-replica-crash experiment's bound: back to ready within 10 s of the kill.</summary>
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(10);

    /// <summary>Browsing at the load profiles' 1x rate (50 requests/s), not flat out: the test is about routing around
    /// a dead replica, and a tight loop would starve the restart of the two CPUs it shares.</summary>
    private static readonly TimeSpan BrowseInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long the test keeps browsing for a replica that does not come back, before it fails.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Browsing_keeps_answering_while_a_killed_catalog_replica_is_restarted()
    {
        const string victim = "catalog-1";
        using var gateway = system.CreateHttpClient("gateway");
        using var replica = system.CreateHttpClient(victim);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync(victim, deadline.Token);
        var restartsBefore = system.Processes.Restarts(victim);
        // Watched from before the kill: running and healthy again, and counted as a restart by the AppHost.
        var restarted = system.App.ResourceNotifications.WaitForResourceAsync(victim, e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running
            && e.Snapshot.HealthStatus == HealthStatus.Healthy
            && system.Processes.Restarts(victim) > restartsBefore, deadline.Token);
        using var history = new ResourceHistory(system.App, victim);

        var killedPid = system.Processes.Kill(victim);
        var sinceKill = Stopwatch.StartNew();
        history.StartClock(sinceKill);

        // Browse until the replica is back — the AppHost says so and the replica itself answers /health —
        // giving up after a while: every answer must be a 200.
        var answers = 0;
        var failures = new List<string>();
        TimeSpan? replicaHealthyAfter = null, backAfter = null;
        using var pace = new PeriodicTimer(BrowseInterval);
        while (backAfter is null && sinceKill.Elapsed < GiveUpAfter && await pace.WaitForNextTickAsync(deadline.Token))
        {
            using (var response = await gateway.GetAsync("/api/catalog/items?pageIndex=0&pageSize=5", deadline.Token))
            {
                answers++;
                if (response.StatusCode != HttpStatusCode.OK)
                    failures.Add($"{(int)response.StatusCode} at {sinceKill.Elapsed.TotalSeconds:0.00} s: {await response.Content.ReadAsStringAsync(deadline.Token)}");
            }
            if (replicaHealthyAfter is null && system.Processes.Restarts(victim) > restartsBefore && await AnswersHealthyAsync(replica, deadline.Token))
                replicaHealthyAfter = sinceKill.Elapsed;
            if (replicaHealthyAfter is not null && restarted.IsCompletedSuccessfully) backAfter = sinceKill.Elapsed;
        }
        var story = $"{victim} (pid {killedPid}) killed; its /health answered 200 after {replicaHealthyAfter?.TotalSeconds:0.00} s; "
            + $"{answers} browse answers meanwhile. The AppHost saw: {history}";
        output.WriteLine(story);

        Assert.True(backAfter is not null, $"{victim} was not restarted and healthy within {sinceKill.Elapsed.TotalSeconds:0} s. {story}");
        Assert.True(backAfter <= RecoveryBudget, $"{victim} should be back within {RecoveryBudget.TotalSeconds:0} s of the kill; it took {backAfter.Value.TotalSeconds:0.0} s. {story}");
        Assert.True(failures.Count == 0, $"Every browse answer should be 200 while {victim} was down; {failures.Count} of {answers} were not: {string.Join(" | ", failures)}");
        Assert.Equal(restartsBefore + 1, system.Processes.Restarts(victim));
        Assert.NotEqual(killedPid, system.Processes.ServicePid(victim));
    }

    private static async Task<bool> AnswersHealthyAsync(HttpClient replica, CancellationToken cancellationToken)
    {
        try
        {
            using var health = await replica.GetAsync("/health", cancellationToken);
            return health.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Each change of a resource's state, health or restart count the AppHost published, timed from a clock: for messages.</summary>
    private sealed class ResourceHistory : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _changes = [];
        private volatile Stopwatch? _clock;

        public ResourceHistory(DistributedApplication app, string resource)
        {
            var processes = new ResourceProcesses(app);
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in app.ResourceNotifications.WatchAsync(_stop.Token))
                    {
                        if (e.Resource.Name != resource || _clock is not { } clock) continue;
                        var change = $"{e.Snapshot.State?.Text} {e.Snapshot.HealthStatus} restarts={processes.Restarts(resource)}";
                        lock (_changes)
                        {
                            if (_changes.Count == 0 || !_changes[^1].EndsWith(change, StringComparison.Ordinal))
                                _changes.Add($"{clock.Elapsed.TotalSeconds:0.00} s {change}");
                        }
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
            });
        }

        public void StartClock(Stopwatch clock) => _clock = clock;

        public override string ToString()
        {
            lock (_changes) return _changes.Count == 0 ? "no change" : string.Join("; ", _changes);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
