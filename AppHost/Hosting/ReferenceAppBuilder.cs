using Reference.AppHost.Model;
using Reference.AppHost.Supervision;

namespace Reference.AppHost.Hosting;

/// <summary>Collects the declaration of a system (Aspire's <c>DistributedApplicationBuilder</c>, small) and builds a run of it.</summary>
public sealed class ReferenceAppBuilder(ReferenceAppOptions options)
{
    private readonly List<Resource> _resources = [];

    public ReferenceAppOptions Options { get; } = options;
    public IReadOnlyList<Resource> Resources => _resources;

    public PostgresResource AddPostgres(string name) => Add(new PostgresResource(name));

    public RedisResource AddRedis(string name) => Add(new RedisResource(name));

    /// <param name="projectDirectory">The project's folder relative to the repository root, e.g. <c>services/Catalog</c>.</param>
    public ProjectResource AddProject(string name, string projectDirectory) => Add(new ProjectResource(name, projectDirectory));

    /// <summary>The telemetry dashboard: started before every project, which all export OTLP to it. Left out when <see cref="ReferenceAppOptions.IncludeDashboard"/> is false.</summary>
    public DashboardResource AddDashboard(string name = "dashboard", string projectDirectory = "dashboard") => Add(new DashboardResource(name, projectDirectory));

    /// <summary>Built from a command line: a bad option (e.g. an unknown <c>--only</c> name) is a message and exit code 2, not a stack trace.</summary>
    internal bool FromCommandLine { get; init; }

    public ReferenceApplication Build()
    {
        List<Resource> included;
        try
        {
            included = Included();
        }
        catch (ArgumentException ex) when (FromCommandLine)
        {
            Console.Error.WriteLine($"apphost: {ex.Message}");
            Environment.Exit(2);
            throw; // unreachable
        }
        var context = new RunContext(Options);
        if (included.OfType<DashboardResource>().Any())
        {
            context.Dashboard = new DashboardEndpoints(
                Ui: Loopback(PortAllocator.FixedOrNext(Options.DashboardPort)),
                OtlpGrpc: Loopback(PortAllocator.Next()),
                OtlpHttp: Loopback(PortAllocator.Next()),
                BrowserToken: RunContext.NewSecret());
        }

        foreach (var declaration in included)
        {
            var resource = new SupervisedResource(declaration);
            switch (declaration)
            {
                case PostgresResource:
                    resource.Add(new PostgresReplica(resource, context, PortAllocator.Next()));
                    break;
                case RedisResource:
                    resource.Add(new RedisReplica(resource, context, PortAllocator.Next()));
                    break;
                case DashboardResource:
                    resource.Add(new ProjectReplica(resource, 0, context, context.Dashboard!.Ui.Port));
                    break;
                case ProjectResource project:
                    for (var i = 0; i < project.Replicas; i++)
                    {
                        resource.Add(new ProjectReplica(resource, i, context, i == 0 ? PortAllocator.FixedOrNext(project.HttpPort) : PortAllocator.Next()));
                    }
                    break;
            }
            context.Resources.Add(declaration.Name, resource);
        }
        return new ReferenceApplication(context);
    }

    /// <summary>The resources with processes in this run: <see cref="ReferenceAppOptions.Only"/> and everything they depend on.</summary>
    private List<Resource> Included()
    {
        var byName = _resources.SelectMany(r => r is PostgresResource p ? [r, .. p.Databases] : new[] { r }).ToDictionary(r => r.Name);
        var wanted = new HashSet<Resource>();
        void Include(Resource resource)
        {
            if (!wanted.Add(resource.Owner)) return;
            foreach (var dependency in resource.Owner.Dependencies) Include(dependency);
        }

        if (Options.Only is { Count: > 0 } only)
        {
            foreach (var name in only)
            {
                if (!byName.TryGetValue(name, out var resource))
                    throw new ArgumentException($"No resource named '{name}'. Known: {string.Join(", ", byName.Keys)}.", nameof(Options.Only));
                Include(resource.Owner);
            }
        }
        else
        {
            foreach (var resource in _resources) Include(resource);
        }

        // Declaration order; the dashboard is in or out by its own option.
        return _resources
            .Where(r => r is DashboardResource ? Options.IncludeDashboard : wanted.Contains(r))
            .ToList();
    }

    private T Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name || (r is PostgresResource p && p.Databases.Any(d => d.Name == resource.Name))))
            throw new ArgumentException($"A resource named '{resource.Name}' is already declared.");
        _resources.Add(resource);
        return resource;
    }

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port}/");
}
