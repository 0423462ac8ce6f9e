using Reference.Chaos.FaultProxy.Client;

namespace Reference.Chaos.Experiments.Running;

/// <summary>
/// What an experiment may touch. Two implementations: the test fixture (a system started by
/// Aspire.Hosting.Testing, in <c>chaos/ChaosGates</c>) and the run file <c>./reference up</c> writes
/// (the CLI). Every address is loopback.
/// </summary>
public interface IChaosSystem
{
    /// <summary>The system's front door: all load goes here.</summary>
    Uri Gateway { get; }

    /// <summary>The http endpoint of a service resource (<c>catalog-0</c>, <c>payments</c>…).</summary>
    Uri Endpoint(string resource);

    /// <summary>Every service resource (they answer <c>/health</c>, <c>/alive</c>, <c>/metrics</c> and <c>/admin/chaos</c>).</summary>
    IReadOnlyList<string> Services { get; }

    /// <summary>The control API of the fault proxy in front of <paramref name="server"/> (<c>postgres</c>, <c>cache</c>).</summary>
    FaultProxyClient FaultProxy(string server);

    /// <summary>This run's <c>X-Admin-Key</c>.</summary>
    string AdminKey { get; }

    /// <summary>A connection string for a database resource (<c>orderingdb</c>), for the data probes.</summary>
    string ConnectionString(string resource);

    /// <summary>SIGKILLs the process behind a resource, as a crash would; returns its pid. The AppHost restarts it.</summary>
    int Kill(string resource);

    /// <summary>Who calls whom: every reference edge of the AppHost's model.</summary>
    IReadOnlyList<DependencyEdge> Edges { get; }
}

/// <summary><paramref name="Caller"/> (a service) references <paramref name="Dependency"/> (a database, the cache, another service).</summary>
public sealed record DependencyEdge(string Caller, string Dependency)
{
    public override string ToString() => $"{Caller} → {Dependency}";
}
