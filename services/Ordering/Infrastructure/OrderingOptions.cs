using System.ComponentModel.DataAnnotations;
using Reference.ServiceDefaults;

namespace Reference.Ordering.Infrastructure;

/// <summary><c>Ordering:Database</c>: how long start-up waits for Postgres before failing.</summary>
public sealed class OrderingDatabaseOptions
{
    public const string Section = "Ordering:Database";

    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// <c>Ordering:Checkout</c>: one deadline for the whole of a checkout, whatever it waits on (Postgres, Catalog,
/// Payments). Each call has its own timeout, but they run one after another: under a Postgres blackhole a
/// checkout that met Catalog's 2 s timeout and then the database's 3 s command timeout, plus the 2 s Npgsql's
/// cancel request waits on a silent server, answered after 7.1 s.
/// </summary>
public sealed class CheckoutOptions
{
    public const string Section = "Ordering:Checkout";

    /// <summary>
    /// Before the order is committed, a checkout past this answers 503 with Retry-After (its Idempotency-Key makes the
    /// retry safe); after, it answers the order as PendingPayment and the settlement worker finishes the payment.
    /// The same as one Postgres command's timeout (ServiceDefaults), so a checkout waits no longer than a single
    /// command does, cancel request included (3 + 2 s against a silent server). Far above the checkout latency
    /// objective (800 ms): it bounds a failure, it is not a target.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:01:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(PostgresExtensions.DefaultCommandTimeoutSeconds);
}

/// <summary>
/// <c>Ordering:Payments</c>: the numbers of the <c>"payments"</c> resilience pipeline. The defaults fit
/// the checkout SLO (99 % under 800 ms): payment may take at most <see cref="TotalTimeout"/> of it, and
/// when it cannot, the order is accepted as PendingPayment and settled later instead of failing.
/// </summary>
public sealed class PaymentsResilienceOptions
{
    public const string Section = "Ordering:Payments";

    /// <summary>Budget for the whole call, retries included (outermost timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "00:05:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Budget for one attempt (innermost timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter so replicas do not retry in step.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Share of failed calls in <see cref="BreakerSamplingDuration"/> that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.5", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the breaker stays open: calls fail fast, orders go PendingPayment straight away.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:10:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary><c>Ordering:Settlement</c>: the background worker that takes payment for PendingPayment orders.</summary>
public sealed class SettlementOptions
{
    public const string Section = "Ordering:Settlement";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the worker looks for due orders when the last batch was not full.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Orders claimed per round; they are charged concurrently.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Delay after the first failed attempt; doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "01:00:00")]
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a claimed order stays invisible to other replicas. Must outlast one payment call
    /// (validated against the pipeline's total timeout); a replica that dies mid-batch gives its
    /// orders back when the lease runs out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Refusals (Payments answered 4xx, or settling the order threw) after which an order is dead-lettered
    /// as PaymentFailed. More than one, so a refusal during a Payments deploy does not fail an order at once.
    /// </summary>
    [Range(1, 100)]
    public int MaxRejections { get; set; } = 3;
}
