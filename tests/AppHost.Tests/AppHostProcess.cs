using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Reference.Testing;
using Reference.Testing.Processes;

namespace Reference.AppHost.Tests;

/// <summary>
/// The AppHost run as <c>./reference up</c> runs it in a terminal: its own process group (so a Ctrl+C can be
/// sent to the whole group), console captured, the gateway and dashboard on free ports. Disposal kills
/// whatever is left, so a failing test leaves nothing behind either.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(ProcessStartInfo info, List<string> arguments)
    {
        arguments.Add($"--run-file={RunFile}");
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        _process = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start");
    }

    public int Pid => _process.Id;

    /// <summary>Where this run writes its run file (<c>--run-file</c>): a temp path, so a test never touches the checkout's <c>.reference/run.json</c>.</summary>
    public string RunFile { get; } = Path.Combine(Path.GetTempPath(), $"reference-run-{Guid.NewGuid():N}.json");

    /// <summary>The run's data directory, as the start-up summary names it.</summary>
    public string DataDirectory => Regex.Match(Output, @"^\s*data\s+(\S+)", RegexOptions.Multiline) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"The start-up summary names no data directory:\n{Output}");

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the built AppHost (same configuration as this test) and returns once it prints that every resource is healthy.</summary>
    /// <param name="dataDirectory">Passed as <c>--data-dir</c> (kept after the run); null: the AppHost's own temporary directory.</param>
    public static async Task<AppHostProcess> StartAsync(TimeSpan timeout, string? dataDirectory = null)
    {
        // setsid: a new session and process group, as a terminal gives a foreground job.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        List<string> arguments = [Executable, "--gateway-port=0", $"--dashboard-port={ReferenceSystem.FreePort()}", "--Postgres:Fsync=false"];
        if (dataDirectory is not null) arguments.Add($"--data-dir={dataDirectory}");
        var apphost = new AppHostProcess(info, arguments);
        apphost._process.OutputDataReceived += (_, e) => apphost.Capture(e.Data);
        apphost._process.ErrorDataReceived += (_, e) => apphost.Capture(e.Data);
        apphost._process.BeginOutputReadLine();
        apphost._process.BeginErrorReadLine();
        try
        {
            await apphost._up.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await apphost.DisposeAsync();
            throw new TimeoutException($"The AppHost did not report every resource healthy within {timeout.TotalSeconds:0} s:\n{apphost.Output}");
        }
        return apphost;
    }

    /// <summary>Every process this run owns: the AppHost's group, DCP (its own group, watching the AppHost's pid) and all their descendants.</summary>
    public IReadOnlyList<int> OwnedProcesses()
    {
        var roots = new List<int> { Pid };
        roots.AddRange(ProcessTable.All().Where(p => p.CommandLine.Contains($"--monitor {Pid}")).Select(p => p.Pid));
        return ProcessTable.WithDescendants(roots);
    }

    /// <summary>What a terminal's Ctrl+C does: SIGINT to every process in the foreground group.</summary>
    public void PressCtrlC() => Libc.Kill(-Pid, Libc.SIGINT);

    public void KillHard() => Libc.Kill(Pid, Libc.SIGKILL);

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        var left = ProcessTable.WithDescendants([Pid]).Where(ProcessFacts.IsAlive).ToList();
        foreach (var pid in left) Libc.Kill(pid, Libc.SIGKILL);
        if (!_process.HasExited) await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        // An AppHost that was SIGKILLed could not remove its temporary data or its run file: the test that killed it does.
        File.Delete(RunFile);
        if (Regex.Match(Output, @"^\s*data\s+(\S+) \(removed on stop\)", RegexOptions.Multiline) is { Success: true } data
            && Directory.Exists(data.Groups[1].Value))
        {
            Directory.Delete(data.Groups[1].Value, recursive: true);
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("Reference is up", StringComparison.Ordinal)) _up.TrySetResult();
    }

    /// <summary>The AppHost this test project was built with, in the same configuration (bin/Release or bin/Debug).</summary>
    private static string Executable
    {
        get
        {
            var testBin = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory); // …/tests/AppHost.Tests/bin/<Configuration>/net10.0
            var configuration = new DirectoryInfo(testBin).Parent!.Name;
            var path = RepositoryRoot.Combine("AppHost", "bin", configuration, "net10.0", "AppHost");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the AppHost first: {path} is missing.");
        }
    }
}
