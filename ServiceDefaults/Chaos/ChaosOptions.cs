using System.ComponentModel.DataAnnotations;

namespace Reference.ServiceDefaults;

/// <summary>
/// Configuration section <c>Chaos</c>. Off by default; <c>Chaos__Enabled=true</c> puts the chaos strategies
/// in every outbound pipeline and maps <c>/admin/chaos</c>. Refused in Production: start-up fails.
/// </summary>
public sealed class ChaosOptions
{
    public const string Section = "Chaos";

    public bool Enabled { get; set; }

    /// <summary>How long a fault set through <c>/admin/chaos</c> lives when the request names no <c>ttlSeconds</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest <c>ttlSeconds</c> a request may ask for: nothing injected outlives this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The largest <c>latencyMs</c> a request may ask for.</summary>
    [Range(1, 600_000)]
    public int MaxLatencyMs { get; set; } = 60_000;
}
