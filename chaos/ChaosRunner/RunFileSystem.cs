using System.Diagnostics;
using System.Text.Json;
using Reference.Chaos.Experiments.Running;
using Reference.Chaos.FaultProxy.Client;

namespace Reference.Chaos.Runner;

/// <summary>
/// A system started with <c>./reference up</c>, as its run file (<c>.reference/run.json</c>, written by the
/// AppHost once everything is healthy) describes it. A process is found by the port it listens on, so a
/// replica the AppHost restarted is found again.
/// </summary>
public sealed class RunFileSystem : IChaosSystem
{
    private readonly RunFileModel _run;

    private RunFileSystem(RunFileModel run) => _run = run;

    public static RunFileSystem Load(string path)
    {
        if (!File.Exists(path))
            throw new CannotRunException($"No running system: {path} does not exist. Start one with ./reference up (the file appears when every resource is healthy).");
        var run = JsonSerializer.Deserialize<RunFileModel>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                  ?? throw new CannotRunException($"{path} is empty.");
        if (!IsAlive(run.AppHostPid))
            throw new CannotRunException($"{path} is stale: the AppHost that wrote it (pid {run.AppHostPid}) is gone. Start the system with ./reference up.");
        return new RunFileSystem(run);
    }

    public Uri Gateway => new(_run.Gateway);

    public Uri Endpoint(string resource) => _run.Services.TryGetValue(resource, out var url)
        ? new Uri(url)
        : throw new KeyNotFoundException($"No service '{resource}' in the run file. Services: {string.Join(", ", _run.Services.Keys)}.");

    public IReadOnlyList<string> Services => _run.Services.Keys.ToList();

    public FaultProxyClient FaultProxy(string server) => _run.FaultProxies.TryGetValue(server, out var url)
        ? new FaultProxyClient(new Uri(url))
        : throw new CannotRunException($"No fault proxy in front of '{server}': was the system started with --fault-proxy false?");

    public string AdminKey => _run.AdminKey;

    public string ConnectionString(string resource) => _run.ConnectionStrings.TryGetValue(resource, out var value) && value is not null
        ? value
        : throw new KeyNotFoundException($"No connection string for '{resource}' in the run file.");

    public int Kill(string resource)
    {
        if (!_run.Ports.TryGetValue(resource, out var port)) throw new KeyNotFoundException($"No port known for '{resource}'.");
        var pid = ListeningSockets.PidListeningOn(port)
                  ?? throw new InvalidOperationException($"No process listens on {resource}'s port {port} (is it down already?).");
        Process.GetProcessById(pid).Kill();
        return pid;
    }

    public IReadOnlyList<DependencyEdge> Edges => _run.Edges.Select(e => new DependencyEdge(e.Caller, e.Dependency)).ToList();

    private static bool IsAlive(int pid)
    {
        try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private sealed record RunFileModel(
        int AppHostPid, string Gateway, Dictionary<string, string> Services, Dictionary<string, string> FaultProxies,
        Dictionary<string, int> Ports, string AdminKey, Dictionary<string, string?> ConnectionStrings, List<EdgeModel> Edges);

    private sealed record EdgeModel(string Caller, string Dependency);
}
