using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Reference.AppHost.Control;
using Reference.AppHost.Model;
using Reference.AppHost.Supervision;

namespace Reference.AppHost.Hosting;

/// <summary>
/// One run of the system (Aspire's <c>DistributedApplication</c>): starts resources in dependency order,
/// supervises them, serves the control API, and stops everything in reverse order. Tests hold it through
/// <see cref="ReferenceApp.StartAsync"/>; the exe calls <see cref="Run"/>.
/// </summary>
public sealed class ReferenceApplication : IAsyncDisposable
{
    private readonly RunContext _context;
    private readonly Lock _gate = new();
    private ControlApi? _control;
    private Task? _stopping;

    internal ReferenceApplication(RunContext context)
    {
        _context = context;
    }

    public ReferenceAppOptions Options => _context.Options;

    internal RunContext Context => _context;

    public IReadOnlyDictionary<string, SupervisedResource> Resources => _context.Resources;

    /// <summary>The control API (docs/api.md); send <see cref="ControlToken"/> as a bearer token.</summary>
    public Uri ControlUrl => _context.ControlUrl ?? throw new InvalidOperationException("The application has not started.");
    public string ControlToken => _context.ControlToken;

    /// <summary>The dashboard UI, when it is part of this run.</summary>
    public Uri? DashboardUrl => _context.Dashboard?.Ui;
    public Uri? DashboardLoginUrl => _context.Dashboard?.LoginUrl;
    public string? DashboardBrowserToken => _context.Dashboard?.BrowserToken;

    /// <summary>Where the dashboard receives OTLP/gRPC and OTLP/HTTP, when it is part of this run.</summary>
    public Uri? DashboardOtlpGrpcUrl => _context.Dashboard?.OtlpGrpc;
    public Uri? DashboardOtlpHttpUrl => _context.Dashboard?.OtlpHttp;

    /// <summary>This run's <c>Admin__ApiKey</c>: send it as <c>X-Admin-Key</c> to admin endpoints.</summary>
    public string AdminApiKey => _context.AdminApiKey;

    /// <summary>From the start of <see cref="StartAsync"/> until every resource was Running.</summary>
    public TimeSpan? TimeToReady { get; private set; }

    /// <summary>
    /// Starts the control API, then every resource as soon as what it waits for is Running (independent
    /// ones in parallel), and completes when all are Running. Fails with each laggard's state and last
    /// output when <see cref="ReferenceAppOptions.StartTimeout"/> passes first.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        EnsureFixedPortsAreFree();
        PrepareDataDirectory();
        _context.Clock.Restart();
        _control = await ControlApi.StartAsync(_context, Options.ControlPort, cancellationToken);
        _context.ControlUrl = _control.Url;
        _context.Echo.Event("apphost", $"control API {_control.Url} (Authorization: Bearer {ControlToken})");

        foreach (var resource in Resources.Values)
        {
            var waits = WaitsFor(resource).ToList();
            _ = Task.Run(async () =>
            {
                await Task.WhenAll(waits.Select(w => w.FirstRunning));
                if (_stopping is null) resource.BeginSupervising();
            }, CancellationToken.None);
        }

        var all = Task.WhenAll(Resources.Values.Select(r => r.FirstRunning));
        try
        {
            await all.WaitAsync(Options.StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Not every resource was Running within {Options.StartTimeout.TotalSeconds:0} s:\n{DescribeLaggards()}");
        }
        TimeToReady = _context.Clock.Elapsed;
    }

    /// <summary>Stops every resource, dependents before what they depend on (services drain on SIGTERM, Postgres gets SIGINT), then the control API.</summary>
    public Task StopAsync()
    {
        lock (_gate) return _stopping ??= StopInReverseOrderAsync();
    }

    /// <summary>The exe's main loop: start, print where everything is, run until Ctrl+C or SIGTERM, stop. Exit code 0, or 1 when start-up failed.</summary>
    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signals = 0;
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            if (Interlocked.Increment(ref signals) > 1)
            {
                // Asked twice: leave now. Every child dies with us (parent-death signal).
                _context.Echo.Event("apphost", "second signal: exiting without waiting");
                Environment.Exit(130);
            }
            _context.Echo.Event("apphost", $"{signal.Signal}: stopping everything (Ctrl+C again to exit at once)");
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var exitCode = 0;
        try
        {
            await StartAsync(stop.Token);
            StartupSummary.Print(this, _context);
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"apphost: start-up failed: {ex.Message}");
            exitCode = 1;
        }

        await DisposeAsync();
        _context.Echo.Event("apphost", "stopped");
        return exitCode;
    }

    /// <summary>Completes when every replica of <paramref name="resource"/> is in <paramref name="state"/> (Running by default); fails with what it saw after <paramref name="timeout"/> (60 s).</summary>
    public Task WaitForResourceAsync(string resource, ReplicaState state = ReplicaState.Running, TimeSpan? timeout = null) =>
        Resource(resource).WaitForStateAsync(state, timeout ?? TimeSpan.FromSeconds(60));

    public Uri GetEndpoint(string resource, int replica = 0)
    {
        var target = Resource(resource);
        if (replica < 0 || replica >= target.Replicas.Count)
            throw new ArgumentOutOfRangeException(nameof(replica), replica, $"'{resource}' has {target.Replicas.Count} replica(s).");
        return target.Replicas[replica].Endpoint ?? throw new InvalidOperationException($"'{resource}' has no HTTP endpoint.");
    }

    /// <summary>A client whose base address is the resource's endpoint (one replica; the first by default). The caller disposes it.</summary>
    public HttpClient CreateHttpClient(string resource, int replica = 0) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = GetEndpoint(resource, replica) };

    /// <summary>What a project referencing <paramref name="name"/> gets as <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
    public string GetConnectionString(string name)
    {
        foreach (var resource in Resources.Values)
        {
            if (resource.Declaration is PostgresResource postgres && postgres.Databases.FirstOrDefault(d => d.Name == name) is { } database)
                return ((PostgresReplica)resource.Replicas[0]).ConnectionString(database.DatabaseName);
            if (resource.Declaration is RedisResource && resource.Name == name)
                return ((RedisReplica)resource.Replicas[0]).ConnectionString;
        }
        throw new KeyNotFoundException($"No database or cache named '{name}' in this run.");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _context.Probe.Dispose();
    }

    private SupervisedResource Resource(string name) =>
        Resources.TryGetValue(name, out var resource) ? resource : throw new KeyNotFoundException($"No resource named '{name}' in this run. Known: {string.Join(", ", Resources.Keys)}.");

    /// <summary>What must be Running first: declared waits, and the dashboard for every project (it is started first).</summary>
    private IEnumerable<SupervisedResource> WaitsFor(SupervisedResource resource)
    {
        var names = resource.Declaration.WaitsFor.Select(w => w.Owner.Name).ToHashSet();
        if (resource.Declaration is ProjectResource and not DashboardResource)
            names.UnionWith(Resources.Values.Where(r => r.Declaration is DashboardResource).Select(r => r.Name));
        return names.Where(Resources.ContainsKey).Select(n => Resources[n]);
    }

    /// <summary>Everything a resource uses (waits and references): it stops only after all of them have stopped... the other way round.</summary>
    private IEnumerable<SupervisedResource> Uses(SupervisedResource resource) =>
        resource.Declaration.Dependencies.Select(d => d.Owner.Name).Concat(WaitsFor(resource).Select(r => r.Name))
            .Distinct().Where(Resources.ContainsKey).Select(n => Resources[n]).Where(r => r != resource);

    private async Task StopInReverseOrderAsync()
    {
        foreach (var resource in Resources.Values) resource.PrepareForShutdown();
        // Built synchronously, so each resource's stop task exists before anything awaits it.
        var stopped = new Dictionary<SupervisedResource, Task>();
        Task StopAfterUsers(SupervisedResource resource, int depth)
        {
            if (stopped.TryGetValue(resource, out var task)) return task;
            if (depth > Resources.Count) throw new InvalidOperationException($"The dependencies of '{resource.Name}' form a cycle.");
            var users = Resources.Values.Where(r => Uses(r).Contains(resource)).Select(u => StopAfterUsers(u, depth + 1)).ToList();
            task = Task.Run(async () =>
            {
                await Task.WhenAll(users);
                await resource.ShutdownAsync();
            });
            stopped[resource] = task;
            return task;
        }

        await Task.WhenAll(Resources.Values.Select(r => StopAfterUsers(r, 0)).ToList());
        if (_control is not null) await _control.DisposeAsync();
    }

    private string DescribeLaggards() => string.Join('\n', Resources.Values
        .SelectMany(r => r.Replicas)
        .Where(r => r.State != ReplicaState.Running)
        .Select(r => $"- {r.InstanceName}: {r.State} (health {r.Health}, restarts {r.Restarts}, pid {r.Pid?.ToString() ?? "none"})\n{r.Tail(15)}"));

    /// <summary>
    /// A caller-chosen data directory must not hold a previous run's data: this run's Postgres gets a new
    /// password, which an old data directory would not know. Postgres (another user) must be able to enter it.
    /// </summary>
    private void PrepareDataDirectory()
    {
        if (Options.DataDirectory is not { } root) return;
        Directory.CreateDirectory(root);
        foreach (var resource in Resources.Values.Where(r => r.Declaration is PostgresResource or RedisResource))
        {
            var own = Path.Combine(root, resource.Name);
            if (Directory.Exists(own) && Directory.EnumerateFileSystemEntries(own).Any())
                throw new InvalidOperationException($"{own} holds data from an earlier run; pass an empty --data-dir.");
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, File.GetUnixFileMode(root) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>A taken well-known port would only show up as a crash loop; say so plainly instead.</summary>
    private void EnsureFixedPortsAreFree()
    {
        var fixedPorts = new List<(string Name, int Port)>();
        if (Options.DashboardPort is { } dashboard && _context.Dashboard is not null) fixedPorts.Add(("dashboard", dashboard));
        if (Options.ControlPort is { } control) fixedPorts.Add(("control API", control));
        fixedPorts.AddRange(Resources.Values.Where(r => r.Declaration is ProjectResource { HttpPort: not null })
            .Select(r => (r.Name, ((ProjectResource)r.Declaration).HttpPort!.Value)));
        foreach (var (name, port) in fixedPorts)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Port {port} for {name} is already in use. Stop whatever holds it, or choose another port (./reference up --help).");
            }
        }
    }
}
