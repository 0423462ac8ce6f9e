using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Reference.Chaos.Experiments.Journal;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Reports;
using Reference.Chaos.Experiments.Running;
using Reference.Chaos.FaultProxy.Client;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Testing;

namespace Reference.Chaos.Gates;

/// <summary>
/// The system every chaos gate disturbs, started once from the real AppHost with its fault proxies
/// in front of Postgres and Redis, warmed up, and described to the experiments as an <see cref="IChaosSystem"/>.
/// On dispose it writes <c>artifacts/chaos/summary.md</c> with every gate's row and the resilience score.
/// </summary>
public sealed class ChaosSystem : ReferenceSystem, IChaosSystem
{
    private readonly Dictionary<string, string> _connectionStrings = [];
    private readonly List<ExperimentJournal> _journals = [];

    public ExperimentTiming Timing { get; } = ExperimentTiming.FromEnvironment();
    public string Profile { get; } = Environment.GetEnvironmentVariable("REFERENCE_CHAOS_PROFILE") ?? "ci";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var server = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithFaultProxy>().Single(r => r.Name == "postgres");
        foreach (var database in new[] { "orderingdb", "paymentsdb" })
            _connectionStrings[database] = DirectConnection.To(await GetConnectionStringAsync(database), "127.0.0.1", server.ServerEndpoint.Port);
        await SystemWarmUp.RunAsync(Gateway, SystemWarmUp.Default, CancellationToken.None);
    }

    public Uri Gateway => GetEndpoint("gateway");

    public Uri Endpoint(string resource) => GetEndpoint(resource);

    /// <summary>The projects under <c>services/</c>: the fault proxies are projects too, but not part of the system under test.</summary>
    public IReadOnlyList<string> Services => ServiceProjects.Select(p => p.Name).ToList();

    public FaultProxyClient FaultProxy(string server) => new(GetEndpoint($"{server}-faults"));

    public string AdminKey => field ??= GetAdminKeyAsync().GetAwaiter().GetResult();

    public string ConnectionString(string resource) => _connectionStrings.TryGetValue(resource, out var value)
        ? value
        : throw new KeyNotFoundException($"No connection string read for {resource}; add it in ChaosSystem.InitializeAsync.");

    public int Kill(string resource) => Processes.Kill(resource);

    public IReadOnlyList<DependencyEdge> Edges => ServiceProjects
        .SelectMany(p => p.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference" && r.Resource is not ParameterResource)
            .Select(r => new DependencyEdge(p.Name, r.Resource.Name)))
        .Distinct()
        .ToList();

    public void Record(ExperimentJournal journal)
    {
        lock (_journals) _journals.Add(journal);
    }

    public override async Task DisposeAsync()
    {
        if (_journals.Count > 0)
        {
            Directory.CreateDirectory(ArtifactsDirectory);
            await File.WriteAllTextAsync(Path.Combine(ArtifactsDirectory, "summary.md"), ResilienceScore.Summary(_journals));
        }
        await base.DisposeAsync();
    }

    public static string ArtifactsDirectory { get; } = Path.Combine(ArtifactPaths.RepositoryRoot, "artifacts", "chaos");

    private IEnumerable<ProjectResource> ServiceProjects => App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>()
        .Where(p => p.TryGetLastAnnotation<IProjectMetadata>(out var project)
                    && project.ProjectPath.Contains($"{Path.DirectorySeparatorChar}services{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}

[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<ChaosSystem>
{
    public const string Name = "chaos system";
}
