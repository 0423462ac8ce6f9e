using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.Catalog.Infrastructure.Migrations;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Brings the database to the schema this code expects and seeds it, under a Postgres advisory lock:
/// replicas start together, and only one may migrate or seed at a time. The others wait for the lock,
/// then find nothing left to do.
/// </summary>
public sealed partial class CatalogDatabaseInitializer(
    NpgsqlDataSource dataSource, IOptions<CatalogDatabaseOptions> options, ILogger<CatalogDatabaseInitializer> logger)
{
    /// <summary>Any fixed 64-bit number every replica agrees on; this one spells "catalog" in ASCII.</summary>
    public const long MigrationLockKey = 0x636174616c6f67;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            lockCommand.Parameters.Add(new() { Value = MigrationLockKey });
            // Waiting for another replica's migration is expected; the normal command bound would cut it short.
            lockCommand.CommandTimeout = (int)Math.Ceiling(options.Value.LockTimeout.TotalSeconds);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var applied = await SchemaMigrator.ApplyAsync(connection, Migration.LoadEmbedded(), logger, cancellationToken);
            var seeded = options.Value.Seed ? await CatalogSeed.SeedIfEmptyAsync(connection, cancellationToken) : 0;
            LogReady(logger, applied, seeded);
        }
        finally
        {
            // The lock is per session and pooled connections outlive this method: release it explicitly.
            // If the connection broke, Postgres has already released it with the session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                unlock.Parameters.Add(new() { Value = MigrationLockKey });
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog database ready: {Applied} migration(s) applied, {Seeded} item(s) seeded")]
    private static partial void LogReady(ILogger logger, int applied, int seeded);
}
