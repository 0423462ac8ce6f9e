using System.Net;
using Reference.AppHost.Model;
using Reference.AppHost.Processes;

namespace Reference.AppHost.Supervision;

/// <summary>A replica of a .NET project: <c>dotnet &lt;built dll&gt;</c> on its own loopback port, healthy when <c>GET /health</c> is 200.</summary>
internal sealed class ProjectReplica : Replica
{
    private readonly ProjectResource _project;

    public ProjectReplica(SupervisedResource resource, int index, RunContext context, int port) : base(resource, index, context)
    {
        _project = (ProjectResource)resource.Declaration;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public override Uri Endpoint { get; }

    private protected override async Task<ManagedProcess> LaunchAsync(CancellationToken cancellationToken)
    {
        var dll = ProjectLocator.BuiltAssembly(_project.ProjectDirectory, Context.Configuration);
        var spec = new ProcessSpec(ProjectLocator.DotnetHost, [dll])
        {
            WorkingDirectory = ProjectLocator.ProjectDirectory(_project.ProjectDirectory),
            Environment = ServiceEnvironment.For(this, Context),
        };
        return await ManagedProcess.StartAsync(InstanceName, spec, (_, line) => Context.Echo.Output(DisplayName, line), Logs);
    }

    private protected override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var response = await Context.Probe.GetAsync(new Uri(Endpoint, _project.HealthPath), cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        // A dashboard build without /health still serves its UI: answering at all means it is up.
        return _project is DashboardResource { ToleratesMissingHealthEndpoint: true } && response.StatusCode == HttpStatusCode.NotFound;
    }
}
