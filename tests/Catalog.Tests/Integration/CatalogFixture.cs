using Reference.Testing;
using StackExchange.Redis;

namespace Reference.Catalog.Tests.Integration;

/// <summary>
/// Real Postgres and Redis for the catalogue's integration tests, plus a Redis connection of the
/// tests' own to look at what the service cached. Tests share one Redis, so each starts with it empty.
/// </summary>
public sealed class CatalogFixture : PostgresRedisFixture
{
    private ConnectionMultiplexer? _observer;

    public IDatabase Cache => (_observer ?? throw new InvalidOperationException("The fixture has not started.")).GetDatabase();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _observer = await ConnectionMultiplexer.ConnectAsync($"{Redis.ConnectionString},allowAdmin=true,abortConnect=false");
    }

    /// <summary>A fresh database and an empty cache: what every test starts from.</summary>
    public async Task<string> FreshStateAsync()
    {
        await _observer!.GetServer(_observer.GetEndPoints()[0]).FlushAllDatabasesAsync();
        return await CreateDatabaseAsync("catalog");
    }

    /// <summary>Starts Redis again if a test stopped or killed it, and waits until the observer is back.</summary>
    public async Task EnsureRedisRunningAsync()
    {
        await Redis.StartAsync();
        await Eventually.UntilAsync(() => _observer!.IsConnected, "the tests' Redis connection to reconnect");
    }

    /// <summary>Starts Postgres again if a test stopped it, and waits until it answers.</summary>
    public async Task EnsurePostgresRunningAsync()
    {
        if (Postgres.IsRunning) return;
        await Postgres.StartAsync();
        // Pools are per process and per connection string: the tests' own would hand out connections the stop cut.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    public override async Task DisposeAsync()
    {
        if (_observer is not null) await _observer.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CatalogCollection : ICollectionFixture<CatalogFixture>
{
    /// <summary>One collection: the tests share one Redis and flush it, so they must not run in parallel.</summary>
    public const string Name = "catalog with real postgres and redis";
}
