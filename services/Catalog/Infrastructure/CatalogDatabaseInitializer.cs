using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.ServiceDefaults;

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

    /// <summary>The versioned SQL files in <c>Infrastructure/Migrations</c>, embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<SqlMigration> Migrations =>
        SqlMigration.LoadEmbedded(typeof(CatalogDatabaseInitializer).Assembly, "Reference.Catalog.Infrastructure.Migrations.");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var seeded = 0;
        // Seeding runs under the migration lock too, so two replicas never both fill an empty catalogue.
        var applied = await SchemaMigrator.MigrateAsync(dataSource, Migrations, MigrationLockKey, options.Value.LockTimeout, logger, cancellationToken,
            afterMigrations: async (connection, ct) => seeded = options.Value.Seed ? await CatalogSeed.SeedIfEmptyAsync(connection, ct) : 0);
        LogReady(logger, applied, seeded);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog database ready: {Applied} migration(s) applied, {Seeded} item(s) seeded")]
    private static partial void LogReady(ILogger logger, int applied, int seeded);
}
