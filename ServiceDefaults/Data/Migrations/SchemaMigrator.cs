using Microsoft.Extensions.Logging;
using Npgsql;

namespace Reference.ServiceDefaults;

/// <summary>
/// Brings a service's database to the schema its code expects, under a Postgres advisory lock: replicas
/// start together and only one may migrate at a time; the others wait for the lock, then find nothing
/// left to do. Each migration runs in its own transaction together with its <c>schema_migrations</c> row.
/// </summary>
public static partial class SchemaMigrator
{
    /// <summary>
    /// Applies the migrations <c>schema_migrations</c> does not list yet and returns how many it applied.
    /// <paramref name="afterMigrations"/> (e.g. seeding) runs on the same connection while the lock is
    /// still held, so it too happens once however many replicas start.
    /// </summary>
    /// <param name="advisoryLockKey">Any fixed 64-bit number every replica of one service agrees on.</param>
    /// <param name="lockTimeout">How long to wait for another replica's migration.</param>
    public static async Task<int> MigrateAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyList<SqlMigration> migrations,
        long advisoryLockKey,
        TimeSpan lockTimeout,
        ILogger logger,
        CancellationToken cancellationToken,
        Func<NpgsqlConnection, CancellationToken, Task>? afterMigrations = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            take.Parameters.Add(new() { Value = advisoryLockKey });
            // Waiting for another replica's migration is expected; the normal command bound would cut it short.
            take.CommandTimeout = (int)Math.Ceiling(lockTimeout.TotalSeconds);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var applied = await ApplyPendingAsync(connection, migrations, logger, cancellationToken);
            if (afterMigrations is not null)
            {
                await afterMigrations(connection, cancellationToken);
            }
            return applied;
        }
        finally
        {
            // The lock is per session and pooled connections outlive this method: release it explicitly.
            // If the connection broke, Postgres has already released it with the session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                release.Parameters.Add(new() { Value = advisoryLockKey });
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<int> ApplyPendingAsync(NpgsqlConnection connection, IReadOnlyList<SqlMigration> migrations, ILogger logger, CancellationToken cancellationToken)
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
                // An applied migration that changed means the database is not what this code expects.
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied " +
                        $"(recorded checksum {checksum}, file {migration.Checksum}). Add a new migration instead of editing an old one.");
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
