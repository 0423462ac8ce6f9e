using Microsoft.Extensions.Options;
using Npgsql;
using Reference.ServiceDefaults;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// Brings the ledger's database to the schema this code expects, under a Postgres advisory lock, so
/// replicas starting together migrate once (ServiceDefaults' <see cref="SchemaMigrator"/>).
/// </summary>
public sealed partial class PaymentsDatabaseInitializer(
    NpgsqlDataSource dataSource, IOptions<PaymentsDatabaseOptions> options, ILogger<PaymentsDatabaseInitializer> logger)
{
    /// <summary>Any fixed 64-bit number every replica agrees on; this one spells "payments" in ASCII.</summary>
    public const long MigrationLockKey = 0x7061796d656e7473;

    /// <summary>The versioned SQL files in <c>Infrastructure/Migrations</c>, embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<SqlMigration> Migrations =>
        SqlMigration.LoadEmbedded(typeof(PaymentsDatabaseInitializer).Assembly, "Reference.Payments.Infrastructure.Migrations.");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var applied = await SchemaMigrator.MigrateAsync(dataSource, Migrations, MigrationLockKey, options.Value.LockTimeout, logger, cancellationToken);
        LogReady(logger, applied);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payments database ready: {Applied} migration(s) applied")]
    private static partial void LogReady(ILogger logger, int applied);
}
