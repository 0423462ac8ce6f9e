namespace Reference.AppHost.Model;

/// <summary>A PostgreSQL server process. Its databases are created once it answers, before it counts as Running.</summary>
public sealed class PostgresResource(string name) : Resource(name)
{
    private readonly List<PostgresDatabaseResource> _databases = [];

    public override string Type => "postgres";
    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    /// <summary>Declares a database in this server; projects reference it for <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
    public PostgresDatabaseResource AddDatabase(string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, this, databaseName ?? name);
        _databases.Add(database);
        return database;
    }
}

/// <summary>A database inside a <see cref="PostgresResource"/>: no process of its own, ready when its server is.</summary>
public sealed class PostgresDatabaseResource(string name, PostgresResource server, string databaseName) : Resource(name), IResourceWithConnectionString
{
    public override string Type => "postgres";
    public PostgresResource Server { get; } = server;
    public string DatabaseName { get; } = databaseName;
    public override Resource Owner => Server;
    internal override IEnumerable<Resource> Dependencies => [Server];
}
