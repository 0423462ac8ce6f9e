using Aspire.Hosting;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>The process faults a person can click on a resource in the dashboard (AppHost/Hosting/ProcessFaults.cs).</summary>
[Collection(WholeSystemCollection.Name)]
public sealed class ProcessFaultTests(WholeSystem system)
{
    private const string Replica = "catalog-1";

    [Fact]
    public async Task Pause_freezes_a_replica_so_it_answers_nothing_and_resume_brings_it_back()
    {
        await system.Processes.WaitUntilHealthyAsync(Replica, TimeSpan.FromSeconds(60));
        using var replica = new HttpClient { BaseAddress = system.GetEndpoint(Replica), Timeout = TimeSpan.FromSeconds(1) };

        var pause = await system.App.ResourceCommands.ExecuteCommandAsync(Replica, ProcessFaults.PauseCommand);
        Assert.True(pause.Success, pause.Message);
        try
        {
            var pid = system.Processes.ServicePid(Replica);
            Assert.Equal('T', ProcessState(pid)); // stopped by a signal, still alive
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => replica.GetAsync("/alive"));
        }
        finally
        {
            var resume = await system.App.ResourceCommands.ExecuteCommandAsync(Replica, ProcessFaults.ResumeCommand);
            Assert.True(resume.Success, resume.Message);
        }

        using var alive = await Eventually.ReturnsAsync(() => replica.GetAsync("/alive"), r => r.IsSuccessStatusCode,
            $"{Replica} answering /alive after Resume", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Kill_from_the_dashboard_is_a_crash_the_apphost_restarts()
    {
        await system.Processes.WaitUntilHealthyAsync(Replica, TimeSpan.FromSeconds(60));
        var restartsBefore = system.Processes.Restarts(Replica);
        var pidBefore = system.Processes.ServicePid(Replica);

        var kill = await system.App.ResourceCommands.ExecuteCommandAsync(Replica, ProcessFaults.KillCommand);

        Assert.True(kill.Success, kill.Message);
        await Eventually.UntilAsync(() => system.Processes.Restarts(Replica) > restartsBefore && system.Processes.IsHealthy(Replica),
            $"{Replica} restarted and healthy after the Kill command", TimeSpan.FromSeconds(10));
        Assert.NotEqual(pidBefore, system.Processes.ServicePid(Replica));
    }

    /// <summary>The one-letter state in /proc/PID/stat: R running, S sleeping, T stopped, Z zombie.</summary>
    private static char ProcessState(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
