using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A PostgreSQL server run from the machine's binaries as an executable resource: what
/// <c>AddPostgres</c> gives on a machine with a container engine, without one. Connections use
/// SCRAM over TCP on loopback with a password generated for this run.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: dataDirectory), IResourceWithConnectionString, IResourceWithFaultProxy
{
    public const string UserName = "postgres";

    private readonly Dictionary<string, string> _databases = [];

    /// <summary>Holds <c>data/</c> (the cluster) and <c>sock/</c> (its Unix socket, password-protected too).</summary>
    public string DataRoot { get; } = dataDirectory;

    public ParameterResource Password { get; } = password;

    public EndpointReference ServerEndpoint => new(this, "tcp");

    public EndpointReference? FaultProxyEndpoint { get; set; }

    /// <summary>Databases created once the server is ready: resource name to database name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    /// <summary>What clients get: through the fault proxy when there is one.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringVia(FaultProxyEndpoint ?? ServerEndpoint);

    /// <summary>Straight to the server: the AppHost's own health checks and database set-up.</summary>
    public ReferenceExpression ServerConnectionStringExpression => ConnectionStringVia(ServerEndpoint);

    private ReferenceExpression ConnectionStringVia(EndpointReference endpoint) => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");

    internal void AddDatabase(string resourceName, string databaseName) => _databases.TryAdd(resourceName, databaseName);
}

/// <summary>One database on a <see cref="LocalPostgresResource"/>; its connection string names the database.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    /// <summary>Clients reach this database straight at the server, past the fault proxy (see <c>WithoutFaultProxy</c>).</summary>
    public bool BypassesFaultProxy { get; set; }

    public ReferenceExpression ConnectionStringExpression => BypassesFaultProxy
        ? ReferenceExpression.Create($"{Parent.ServerConnectionStringExpression};Database={DatabaseName}")
        : ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
