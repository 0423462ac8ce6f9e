using System.Collections.Concurrent;
using System.Diagnostics;

namespace Reference.Testing.Processes;

/// <summary>
/// Starts every child process so that it dies with us, even when we are SIGKILLed and get no chance
/// to clean up. Each child runs under <c>setpriv --pdeathsig KILL</c>: the kernel sends it SIGKILL
/// when its parent goes away. The kernel ties that to the parent <em>thread</em>, not the process,
/// so all children are forked from one dedicated thread that lives as long as the AppHost — a child
/// forked from a thread-pool thread would be killed whenever that pool thread retired.
/// setpriv execs the real program, so the pid we hold is the program's own pid.
/// </summary>
public static class ProcessLauncher
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();
    private static readonly Lazy<Thread> Spawner = new(() =>
    {
        var thread = new Thread(SpawnLoop) { IsBackground = true, Name = "reference-process-spawner" };
        thread.Start();
        return thread;
    });

    public static Task<Process> StartAsync(ProcessSpec spec, Action<ProcessStartInfo>? configure = null)
    {
        var info = BuildStartInfo(spec);
        configure?.Invoke(info);
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Spawner.Value;
        Requests.Add((info, started));
        return started.Task;
    }

    private static void SpawnLoop()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = info, EnableRaisingEvents = true };
                process.Start();
                started.SetResult(process);
            }
            catch (Exception ex)
            {
                started.SetException(new InvalidOperationException($"Could not start '{info.FileName} {string.Join(' ', info.ArgumentList)}': {ex.Message}", ex));
            }
        }
    }

    private static ProcessStartInfo BuildStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = spec.WorkingDirectory ?? "" };
        if (File.Exists(SetPriv))
        {
            info.FileName = SetPriv;
            info.ArgumentList.Add("--pdeathsig");
            info.ArgumentList.Add("KILL");
            if (spec.RunAsUser is { } user && Libc.IsRoot)
            {
                // setpriv applies the death signal after switching user, so it survives the switch.
                info.ArgumentList.Add($"--reuid={user}");
                info.ArgumentList.Add($"--regid={user}");
                info.ArgumentList.Add("--init-groups");
            }
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            // Not Linux with util-linux: children still stop with us on a clean exit, not on SIGKILL.
            info.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }
        return info;
    }
}
