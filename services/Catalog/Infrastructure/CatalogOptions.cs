namespace Reference.Catalog.Infrastructure;

/// <summary>Start-up work on the database: migrations and seed data (<c>Catalog:Database</c>).</summary>
public sealed class CatalogDatabaseOptions
{
    public const string Section = "Catalog:Database";

    /// <summary>Fill an empty catalogue with the generated sample products.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>How long start-up keeps retrying while Postgres is not reachable yet.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one replica waits for another that holds the migration lock.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Cache-aside in Redis (<c>Catalog:Cache</c>).</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "Catalog:Cache";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The longest an entry lives in a replica's memory tier, counted from when its read began: the bound on
    /// a stale price if every invalidation message were lost (they normally clear it within milliseconds).
    /// Zero turns the tier off.
    /// </summary>
    public TimeSpan LocalTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after its freshness a memory entry is kept to serve when Redis and Postgres both fail for a
    /// read (stale-if-error). Writes clear it like any entry. Zero: a failed read is a 503 at once.
    /// </summary>
    public TimeSpan StaleIfError { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Entries the memory tier holds at most (items and pages alike).</summary>
    public int LocalMaxEntries { get; set; } = 10_000;

    /// <summary>Items change rarely and writes delete their key, so they may live a while.</summary>
    public TimeSpan ItemTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Pages are invalidated by a version bump; the TTL only bounds staleness if a bump was lost
    /// (Redis down during a write) and lets pages of old versions expire.
    /// </summary>
    public TimeSpan PageTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most a cache call may add to a request. Well below the Redis client's own 1 s timeout:
    /// a slow cache must cost less than going straight to Postgres would.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The breaker opens when this share of cache calls in the sampling window failed...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many calls were made in it (so one blip does not open it).</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long reads skip the cache once the breaker opens, before one call probes it again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
