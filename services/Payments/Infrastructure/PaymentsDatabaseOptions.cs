using System.ComponentModel.DataAnnotations;

namespace Reference.Payments.Infrastructure;

/// <summary>Start-up work on the ledger's database (<c>Payments:Database</c>).</summary>
public sealed class PaymentsDatabaseOptions
{
    public const string Section = "Payments:Database";

    /// <summary>How long start-up keeps retrying while Postgres is not reachable yet.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one replica waits for another that holds the migration lock.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>What the ledger keeps, and for how long (<c>Payments:Ledger</c>).</summary>
public sealed class PaymentLedgerOptions
{
    public const string Section = "Payments:Ledger";

    /// <summary>
    /// How long an answer is kept. An order charged again after this is charged twice, so it must
    /// exceed the longest an order can stay PendingPayment and be retried by Ordering's settlement
    /// worker (minutes; its backoff caps at one minute). Seven days bounds the table at about seven
    /// days of checkouts (10 % of 50 req/s: ~3 million rows at a sustained 1x) with ample margin.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often expired answers are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per DELETE, so a cleanup never holds locks on a large part of the table at once.</summary>
    [Range(1, 100_000)]
    public int CleanupBatchSize { get; set; } = 1000;
}
