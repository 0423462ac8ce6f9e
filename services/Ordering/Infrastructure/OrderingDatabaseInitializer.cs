using Npgsql;
using Reference.ServiceDefaults;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Brings the database to the schema this code expects, under a Postgres advisory lock: replicas start
/// together and only one may migrate at a time; the others wait, then find nothing left to do.
/// </summary>
public sealed partial class OrderingDatabaseInitializer(NpgsqlDataSource dataSource, ILogger<OrderingDatabaseInitializer> logger)
{
    /// <summary>Any fixed 64-bit number every replica agrees on; this one spells "ordering" in ASCII.</summary>
    public const long MigrationLockKey = 0x6f72646572696e67;

    /// <summary>How long a replica waits for another's migration before giving up (longer than the normal command bound).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The versioned SQL files in <c>Infrastructure/Migrations</c>, embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<SqlMigration> Migrations =>
        SqlMigration.LoadEmbedded(typeof(OrderingDatabaseInitializer).Assembly, "Reference.Ordering.Infrastructure.Migrations.");

    /// <summary>Returns how many migrations this call applied (0 when another replica got there first).</summary>
    public async Task<int> InitializeAsync(CancellationToken cancellationToken)
    {
        var applied = await SchemaMigrator.MigrateAsync(dataSource, Migrations, MigrationLockKey, LockTimeout, logger, cancellationToken);
        LogReady(logger, applied);
        return applied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ordering database ready: {Applied} migration(s) applied")]
    private static partial void LogReady(ILogger logger, int applied);
}
