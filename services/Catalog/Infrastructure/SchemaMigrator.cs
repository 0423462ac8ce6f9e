using Microsoft.Extensions.Logging;
using Npgsql;
using Reference.Catalog.Infrastructure.Migrations;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Applies the embedded migrations that <c>schema_migrations</c> does not list yet, each in its own
/// transaction together with its bookkeeping row. The caller holds the migration lock.
/// </summary>
public static partial class SchemaMigrator
{
    public static async Task<int> ApplyAsync(NpgsqlConnection connection, IReadOnlyList<Migration> migrations, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
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
