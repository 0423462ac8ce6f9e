using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Reference.Testing;
using Reference.Testing.Processes;
using Xunit.Abstractions;

namespace Reference.AppHost.Tests;

/// <summary>
/// DCP leaves a crashed process dead; the AppHost brings it back (AppHost/Hosting/RestartOnCrash.cs),
/// counts it where the dashboard shows it, and leaves alone what a person stopped on purpose.
/// </summary>
[Collection(WholeSystemCollection.Name)]
public sealed class RestartTests(WholeSystem system, ITestOutputHelper output)
{
    private static readonly TimeSpan BackToHealthy = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("catalog-1")]
    [InlineData("cache")]
    [InlineData("postgres")]
    public async Task A_killed_process_is_restarted_and_healthy_again_within_10_s(string resource)
    {
        await system.Processes.WaitUntilHealthyAsync(resource, TimeSpan.FromSeconds(60));
        var restartsBefore = system.Processes.Restarts(resource);

        var killed = system.Processes.Kill(resource);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // At least once: a server restarted while its killed predecessor's children still exit may fail and be restarted again.
        await Eventually.UntilAsync(() => Task.FromResult(system.Processes.Restarts(resource) > restartsBefore && system.Processes.IsHealthy(resource)),
            $"{resource} (pid {killed} killed) restarted and healthy", BackToHealthy, TimeSpan.FromMilliseconds(100));
        output.WriteLine($"{resource}: killed pid {killed}, healthy again after {clock.Elapsed.TotalSeconds:0.0} s as pid {system.Processes.ServicePid(resource)} " +
            $"({system.Processes.Restarts(resource) - restartsBefore} restart(s))");
        Assert.NotEqual(killed, system.Processes.ServicePid(resource));
        Assert.False(ProcessFacts.IsAlive(killed));
    }

    [Fact]
    public async Task A_replica_stopped_from_the_dashboard_stays_stopped_until_started_again()
    {
        const string resource = "catalog-1";
        await system.Processes.WaitUntilHealthyAsync(resource, TimeSpan.FromSeconds(60));
        var restartsBefore = system.Processes.Restarts(resource);
        var commands = system.App.ResourceCommands;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stop = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, $"stop failed after {clock.Elapsed.TotalSeconds:0.0} s: {stop.Message}; state {system.Processes.State(resource)}");

        // A crash would be restarted after 250 ms; watch for ten times that and see nothing come back.
        var watched = System.Diagnostics.Stopwatch.StartNew();
        while (watched.Elapsed < RestartPolicy.Default.InitialDelay * 10)
        {
            var state = system.Processes.State(resource);
            Assert.True(state != KnownResourceStates.Running && state != KnownResourceStates.Starting,
                $"{resource} was stopped on purpose but is {state} after {watched.Elapsed.TotalMilliseconds:0} ms");
            await Task.Delay(100);
        }
        Assert.Equal(restartsBefore, system.Processes.Restarts(resource));

        var start = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(start.Success, start.Message);
        await system.Processes.WaitUntilHealthyAsync(resource, TimeSpan.FromSeconds(60));
    }
}
