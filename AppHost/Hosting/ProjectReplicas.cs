using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// N copies of one project, each its own resource (<c>catalog-0</c>, <c>catalog-1</c>) with its own loopback
/// port, and callers told about every copy (<c>services__catalog__http__0</c>, <c>__1</c>) so their
/// HttpClients and the gateway balance per request.
/// </summary>
/// <remarks>
/// Why not <c>WithReplicas(n)</c>: it puts DCP's TCP proxy in front, which balances per connection (a
/// pooled HttpClient sticks to one replica) and halved a trivial endpoint's throughput here; and a
/// proxy-less endpoint is refused with replicas. Measured in docs/architecture.md.
/// </remarks>
public sealed class ProjectReplicaSet(string name, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas)
{
    /// <summary>The service name callers discover it by (<c>http://catalog</c>).</summary>
    public string Name { get; } = name;

    public IReadOnlyList<IResourceBuilder<ProjectResource>> Replicas { get; } = replicas;

    /// <summary>Applies the same declaration to every replica.</summary>
    public ProjectReplicaSet Each(Action<IResourceBuilder<ProjectResource>> declare)
    {
        foreach (var replica in Replicas) declare(replica);
        return this;
    }

    public ProjectReplicaSet WithReference(IResourceBuilder<IResourceWithConnectionString> source) => Each(r => r.WithReference(source));

    public ProjectReplicaSet WaitFor(IResourceBuilder<IResource> dependency) => Each(r => r.WaitFor(dependency));

    public ProjectReplicaSet WithHttpHealthCheck(string path) => Each(r => r.WithHttpHealthCheck(path));

    public ProjectReplicaSet WithRestartOnCrash() => Each(r => r.WithRestartOnCrash());

    public ProjectReplicaSet WithProcessFaults() => Each(r => r.WithProcessFaults());
}

public static class ProjectReplicaExtensions
{
    public static ProjectReplicaSet AddProjectReplicas<TProject>(this IDistributedApplicationBuilder builder, [ResourceName] string name, int replicas)
        where TProject : IProjectMetadata, new()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return new ProjectReplicaSet(name, [.. Enumerable.Range(0, replicas)
            .Select(i => builder.AddProject<TProject>($"{name}-{i}", launchProfileName: null).WithLoopbackHttpEndpoint())]);
    }

    /// <summary>Service discovery of every replica: <c>services__&lt;name&gt;__http__&lt;i&gt;</c>, as Aspire's own <c>WithReference</c> writes it for one,
    /// and the "Reference" relationship it records (the dashboard's graph and the generated chaos experiments read it).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, ProjectReplicaSet replicas) where T : IResourceWithEnvironment
    {
        for (var i = 0; i < replicas.Replicas.Count; i++)
        {
            builder.WithEnvironment($"services__{replicas.Name}__http__{i}", replicas.Replicas[i].GetEndpoint("http"));
            builder.WithReferenceRelationship(replicas.Replicas[i].Resource);
        }
        return builder;
    }

    /// <summary>Waits until every replica is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, ProjectReplicaSet replicas) where T : IResourceWithWaitSupport
    {
        foreach (var replica in replicas.Replicas) builder.WaitFor(replica);
        return builder;
    }

    /// <summary>
    /// An http endpoint on 127.0.0.1 without DCP's proxy in front (the proxy costs throughput and balances
    /// per connection). No port: one is allocated for this run. 127.0.0.1 rather than Aspire's "localhost":
    /// every caller's new connection would otherwise resolve the name first (and try ::1).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLoopbackHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null) =>
        builder.WithHttpEndpoint(name: "http", port: port, targetPort: port, isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1");
}
