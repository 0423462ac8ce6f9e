using Reference.Testing;
using Xunit.Abstractions;

namespace Reference.AppHost.Tests;

/// <summary>
/// However the AppHost ends — Ctrl+C in a terminal (SIGINT to the whole foreground group, children
/// included) or SIGKILL of the AppHost alone — no process it started outlives it, and nothing it
/// stops on the way out is "restarted" as if it had crashed.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ctrl_C_stops_every_process_restarts_nothing_and_removes_the_temporary_data()
    {
        await using var apphost = await AppHostProcess.StartAsync(StartTimeout);
        var owned = apphost.OwnedProcesses();
        var data = apphost.DataDirectory;
        Assert.True(Directory.Exists(Path.Combine(data, "postgres", "data")), $"Postgres keeps its cluster under {data} while the run lasts");
        output.WriteLine($"owned before Ctrl+C: {owned.Count} processes");
        Assert.True(owned.Count >= 10, $"expected the AppHost, DCP, Postgres, Redis and six services; found {owned.Count}");
        // The chaos CLI finds the running system through this file: written once healthy, owner-only (it holds the admin key).
        await Eventually.UntilAsync(() => File.Exists(apphost.RunFile), $"the run file at {apphost.RunFile}", TimeSpan.FromSeconds(10));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(apphost.RunFile));
        Assert.Contains($"\"appHostPid\": ", await File.ReadAllTextAsync(apphost.RunFile));

        apphost.PressCtrlC();
        await apphost.WaitForExitAsync(StopDeadline);

        await Eventually.UntilAsync(() => owned.All(pid => !ProcessFacts.IsAlive(pid)),
            $"every process of the run gone; still alive: {string.Join(", ", owned.Where(ProcessFacts.IsAlive))}", StopDeadline);
        Assert.False(Directory.Exists(data), $"the temporary data directory {data} should be removed on stop");
        Assert.False(File.Exists(apphost.RunFile), "the run file should be removed on stop: a stale one would point the CLI at nothing");
        Assert.DoesNotContain("crashed", apphost.Output);
        Assert.DoesNotContain("Starting ", apphost.Output[apphost.Output.IndexOf("Reference is up", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task SIGKILL_of_the_apphost_alone_leaves_no_process_behind()
    {
        await using var apphost = await AppHostProcess.StartAsync(StartTimeout);
        var owned = apphost.OwnedProcesses();

        apphost.KillHard();

        // DCP watches the AppHost's pid and stops everything it started when it disappears.
        await Eventually.UntilAsync(() => owned.All(pid => !ProcessFacts.IsAlive(pid)),
            $"every process of the run gone; still alive: {string.Join(", ", owned.Where(ProcessFacts.IsAlive))}", StopDeadline);
    }
}
