using Reference.Testing.Processes;
using Xunit;

namespace Reference.Testing;

/// <summary>
/// One real Postgres and one real Redis for a test collection: free ports, temporary data
/// directories, always stopped and deleted. Share it with <c>ICollectionFixture&lt;PostgresRedisFixture&gt;</c>.
/// The same process code runs under the AppHost and the chaos suite.
/// </summary>
public class PostgresRedisFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The fixture has not started.");
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("The fixture has not started.");

    public virtual async Task InitializeAsync()
    {
        // Start both at once: they are independent, and test start-up time adds up.
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, redis);
        }
        finally
        {
            _postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            _redis = redis.IsCompletedSuccessfully ? redis.Result : null;
        }
    }

    /// <summary>A database of its own for one test class, so tests don't see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await Postgres.CreateDatabaseAsync(name);
        return Postgres.ConnectionString(name);
    }

    public virtual async Task DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
