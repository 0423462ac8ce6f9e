namespace Reference.AppHost.Model;

/// <summary>
/// A .NET project of this repository, run from its built dll, one process per replica, each on its own
/// loopback port. Ready when <c>GET /health</c> answers 200.
/// </summary>
public class ProjectResource(string name, string projectDirectory) : Resource(name)
{
    private readonly List<Resource> _references = [];
    private readonly Dictionary<string, string> _environment = [];

    public override string Type => "project";

    /// <summary>The project's folder relative to the repository root, e.g. <c>services/Catalog</c>.</summary>
    public string ProjectDirectory { get; } = projectDirectory;

    public int Replicas { get; private set; } = 1;

    /// <summary>A fixed port for a single-replica project (e.g. the gateway on 5000); null takes a free one.</summary>
    public int? HttpPort { get; private set; }

    public string HealthPath { get; private set; } = "/health";

    /// <summary>Resources whose connection string or endpoints this project receives.</summary>
    public IReadOnlyList<Resource> References => _references;

    /// <summary>Extra variables, applied last so they override the conventions.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    internal override IEnumerable<Resource> Dependencies => WaitsFor.Concat(_references);

    /// <summary>Passes <c>ConnectionStrings__&lt;name&gt;</c> of a database or cache.</summary>
    public ProjectResource WithReference(IResourceWithConnectionString resource)
    {
        AddReference((Resource)resource);
        return this;
    }

    /// <summary>Passes <c>services__&lt;name&gt;__http__&lt;i&gt;</c> for each replica of another project (service discovery).</summary>
    public ProjectResource WithReference(ProjectResource project)
    {
        if (project == this) throw new ArgumentException($"'{Name}' cannot reference itself.", nameof(project));
        AddReference(project);
        return this;
    }

    public ProjectResource WithReplicas(int replicas)
    {
        if (replicas is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "Replicas must be between 1 and 16.");
        if (replicas > 1 && HttpPort is not null) throw new InvalidOperationException($"'{Name}' has a fixed port; replicas need ports of their own.");
        Replicas = replicas;
        return this;
    }

    /// <summary>Serve on a well-known port (null or 0: a free one). Only for a single replica.</summary>
    public ProjectResource WithHttpEndpoint(int? port = null)
    {
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "Port must be 0..65535.");
        if (port is > 0 && Replicas > 1) throw new InvalidOperationException($"'{Name}' has {Replicas} replicas; a fixed port serves only one.");
        HttpPort = port is > 0 ? port : null;
        return this;
    }

    public ProjectResource WithEnvironment(string key, string value)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("Environment variable name must not be empty.", nameof(key));
        _environment[key] = value;
        return this;
    }

    public ProjectResource WithHttpHealthCheck(string path)
    {
        if (!path.StartsWith('/')) throw new ArgumentException("Health path must start with '/'.", nameof(path));
        HealthPath = path;
        return this;
    }

    private void AddReference(Resource resource)
    {
        if (!_references.Contains(resource)) _references.Add(resource);
    }
}

/// <summary>
/// The telemetry dashboard (<c>dashboard/</c>): started first so it sees every service's telemetry
/// from the start. Every project in the run exports OTLP to it.
/// </summary>
public sealed class DashboardResource(string name, string projectDirectory) : ProjectResource(name, projectDirectory)
{
    public override string Type => "dashboard";

    /// <summary>The dashboard is up once its UI port answers HTTP; a build without <c>/health</c> still counts.</summary>
    public bool ToleratesMissingHealthEndpoint { get; set; } = true;
}
