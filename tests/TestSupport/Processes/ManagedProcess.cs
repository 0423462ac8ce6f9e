using System.Diagnostics;

namespace Reference.Testing.Processes;

/// <summary>
/// A child process we own: its console captured line by line into a bounded <see cref="LogBuffer"/>,
/// an awaitable exit, and a polite-then-firm stop. Dispose always leaves it dead.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(string name, Process process, LogBuffer logs)
    {
        Name = name;
        _process = process;
        Logs = logs;
        Pid = process.Id;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public string Name { get; }
    public int Pid { get; }
    public DateTimeOffset StartedAt { get; }
    public LogBuffer Logs { get; }

    /// <summary>Completes with the exit code when the process ends, however it ends.</summary>
    public Task<int> Exited => _exited.Task;
    public bool HasExited => _exited.Task.IsCompleted;

    /// <param name="onLine">Called for every console line (e.g. to echo it with a resource prefix).</param>
    /// <param name="logs">Pass the same buffer across restarts to keep one history per resource.</param>
    public static async Task<ManagedProcess> StartAsync(string name, ProcessSpec spec, Action<ManagedProcess, LogLine>? onLine = null, LogBuffer? logs = null)
    {
        var buffer = logs ?? new LogBuffer();
        var process = await ProcessLauncher.StartAsync(spec, info =>
        {
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            info.RedirectStandardInput = false;
        });

        var managed = new ManagedProcess(name, process, buffer);
        process.OutputDataReceived += (_, e) => managed.Capture("stdout", e.Data, onLine);
        process.ErrorDataReceived += (_, e) => managed.Capture("stderr", e.Data, onLine);
        process.Exited += (_, _) => managed._exited.TrySetResult(SafeExitCode(process));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited) managed._exited.TrySetResult(SafeExitCode(process));
        return managed;
    }

    public bool Signal(int signal) => !HasExited && Libc.Kill(Pid, signal);

    /// <summary>SIGKILL: no goodbye. For chaos experiments and for processes that ignored a polite stop.</summary>
    public void Kill() => Signal(Libc.SIGKILL);

    /// <summary>
    /// Sends <paramref name="signal"/> (SIGTERM by default; Postgres wants SIGINT for a fast shutdown),
    /// waits up to <paramref name="grace"/>, then SIGKILLs. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan grace, int signal = Libc.SIGTERM)
    {
        if (HasExited) return await Exited;
        Signal(signal);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            Kill();
        }
        return await Exited;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Capture(string stream, string? text, Action<ManagedProcess, LogLine>? onLine)
    {
        if (text is null) return;
        var line = Logs.Add(stream, text);
        onLine?.Invoke(this, line);
    }

    private static int SafeExitCode(Process process)
    {
        try { return process.ExitCode; }
        catch (InvalidOperationException) { return -1; }
    }
}
