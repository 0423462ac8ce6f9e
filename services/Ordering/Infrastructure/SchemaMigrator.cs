using Npgsql;
using Reference.Ordering.Infrastructure.Migrations;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Brings the database to the schema this code expects, under a Postgres advisory lock: replicas start
/// together and only one may migrate at a time; the others wait, then find nothing left to do. Each
/// migration runs in its own transaction together with its <c>schema_migrations</c> row.
/// (The same pattern as Catalog's, kept separate so the services share no code but ServiceDefaults.)
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    /// <summary>Any fixed 64-bit number every replica agrees on; this one spells "ordering" in ASCII.</summary>
    public const long MigrationLockKey = 0x6f72646572696e67;

    /// <summary>How long a replica waits for another's migration before giving up (longer than the normal command bound).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            take.Parameters.Add(new() { Value = MigrationLockKey });
            take.CommandTimeout = (int)LockTimeout.TotalSeconds;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await ApplyPendingAsync(connection, Migration.LoadEmbedded(), cancellationToken);
        }
        finally
        {
            // A session lock outlives this method on a pooled connection: release it explicitly.
            // If the connection broke, Postgres released it with the session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                release.Parameters.Add(new() { Value = MigrationLockKey });
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private async Task<int> ApplyPendingAsync(NpgsqlConnection connection, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new Dictionary<int, string>();
        await using (var select = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        var count = 0;
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:D4}_{migration.Name} changed after it was applied " +
                        $"(recorded {checksum}, file {migration.Checksum}). Add a new migration instead of editing an old one.");
                }
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new() { Value = migration.Version });
                record.Parameters.Add(new() { Value = migration.Name });
                record.Parameters.Add(new() { Value = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, migration.Version, migration.Name);
            count++;
        }
        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version:D4}_{Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
