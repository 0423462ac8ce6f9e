namespace Reference.AppHost.Hosting;

/// <summary>How one run of the system is set up: which resources, which ports, what the console shows.</summary>
public sealed record ReferenceAppOptions
{
    /// <summary>
    /// Run only these resources and what they depend on (waits and references, transitively).
    /// Null or empty: the whole system.
    /// </summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    /// <summary>Start the dashboard (first) and point every service's OTLP exporter at it.</summary>
    public bool IncludeDashboard { get; init; } = true;

    /// <summary>The gateway's port; null takes a free one (tests). <c>./reference up</c> passes 5000.</summary>
    public int? GatewayPort { get; init; }

    /// <summary>The dashboard UI's port; null takes a free one (tests). <c>./reference up</c> passes 18888.</summary>
    public int? DashboardPort { get; init; }

    /// <summary>The control API's port; null takes a free one.</summary>
    public int? ControlPort { get; init; }

    /// <summary><c>ASPNETCORE_ENVIRONMENT</c> for every project.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Variables for every project, applied after the conventions (e.g. <c>Shutdown__NotReadyDelay=00:00:00</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Variables for one resource by name, applied last.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ResourceEnvironment { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Print resource output and events to the console (the exe does; tests usually don't).</summary>
    public bool EchoLogs { get; init; }

    /// <summary>Echo every line, not only warnings, errors and lifecycle events.</summary>
    public bool Verbose { get; init; }

    /// <summary>How long <c>StartAsync</c> waits for every resource to be Running before it gives up.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a service gets to drain after SIGTERM before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Parent of the Postgres and Redis data directories (<c>&lt;dir&gt;/&lt;resource&gt;</c>); null: fresh temporary
    /// directories, deleted when the run stops. A caller that passes one owns it (and deletes it).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Build configuration of the projects to run; null: the one the AppHost was built with.</summary>
    public string? Configuration { get; init; }
}
