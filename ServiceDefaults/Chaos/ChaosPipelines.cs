using System.Collections.Concurrent;
using Polly;

namespace Reference.ServiceDefaults;

/// <summary>How a data client fails when its server is unreachable: what a chaos fault on that connection throws.</summary>
public sealed record DataConnectionFault(string ConnectionName, Func<string, Exception> Fault);

/// <summary>
/// The one way Postgres and Redis calls become chaos-able: the data code runs each round trip through
/// <c>For(connectionName)</c> (or nests that pipeline innermost in its own, as Catalog's cache pipeline
/// does). With chaos off it is <see cref="ResiliencePipeline.Empty"/>, which costs a delegate call.
/// <see cref="PostgresExtensions.AddPostgresDataSource"/> and <see cref="RedisExtensions.AddRedisConnection"/>
/// register the connection and the exception its client throws, so a fault looks like the real outage.
/// </summary>
public sealed class ChaosPipelines
{
    private readonly IServiceProvider? _services;
    private readonly IReadOnlyList<DataConnectionFault> _connections;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    public ChaosPipelines(IServiceProvider services, IEnumerable<DataConnectionFault> connections)
    {
        _services = services;
        _connections = connections.ToList();
    }

    private ChaosPipelines()
    {
        _connections = [];
    }

    /// <summary>No chaos for any connection: for code that builds a repository by hand (tests, tools).</summary>
    public static ChaosPipelines Off { get; } = new();

    public ResiliencePipeline For(string connectionName) => _services is null
        ? ResiliencePipeline.Empty
        : _pipelines.GetOrAdd(connectionName, name =>
        {
            var connection = _connections.LastOrDefault(c => c.ConnectionName == name)
                ?? throw new InvalidOperationException($"No data connection named '{name}' is registered (AddPostgresDataSource or AddRedisConnection).");
            return new ResiliencePipelineBuilder().AddChaos(_services, name, connection.Fault).Build();
        });
}
