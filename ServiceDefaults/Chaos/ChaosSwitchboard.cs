using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Reference.ServiceDefaults;

/// <summary>
/// The faults in force right now, per target. The chaos strategies ask it on every call (through Polly's
/// <c>EnabledGenerator</c> and <c>InjectionRateGenerator</c>), which is why a change applies to the next
/// call with no restart. Each setting carries its own counters and random source, so "fail the first N",
/// "at most N" and a seed mean the same thing whatever else is going on; each expires by itself.
/// </summary>
public sealed partial class ChaosSwitchboard(TimeProvider time, ILogger<ChaosSwitchboard> logger)
{
    private readonly ConcurrentDictionary<string, ActiveChaos> _active = new(StringComparer.Ordinal);

    /// <summary>One target's setting, as <c>GET /admin/chaos</c> shows it.</summary>
    public sealed record View(ChaosSetting Setting, DateTimeOffset? ExpiresAt, int Calls, int Injections);

    /// <param name="ttl">Null: until removed (configuration read at start); the API always passes one.</param>
    public void Set(string target, ChaosSetting setting, TimeSpan? ttl)
    {
        var expiresAt = ttl is { } t ? time.GetUtcNow() + t : (DateTimeOffset?)null;
        _active[target] = new ActiveChaos(setting, expiresAt);
        LogSet(logger, target, setting, expiresAt);
    }

    public bool Remove(string target)
    {
        var removed = _active.TryRemove(target, out _);
        if (removed) LogRemoved(logger, target, "removed");
        return removed;
    }

    public void Clear()
    {
        foreach (var target in _active.Keys) Remove(target);
    }

    /// <summary>Every setting still in force, by target.</summary>
    public IReadOnlyDictionary<string, View> Snapshot()
    {
        var views = new SortedDictionary<string, View>(StringComparer.Ordinal);
        foreach (var target in _active.Keys)
        {
            if (Current(target) is { } active) views[target] = active.ToView();
        }
        return views;
    }

    public ChaosSetting? Get(string target) => Current(target)?.Setting;

    /// <summary>Cheap check for Polly's <c>EnabledGenerator</c>: is anything set for this target?</summary>
    internal bool IsActive(string? target) => target is not null && Current(target) is not null;

    /// <summary>Decides whether this call gets <paramref name="kind"/>; counts it when it does.</summary>
    internal bool ShouldInject(string? target, ChaosKind kind) =>
        target is not null && Current(target) is { } active && active.Decide(kind);

    internal ChaosSetting? SettingFor(string? target) => target is null ? null : Current(target)?.Setting;

    /// <summary>The setting, unless it has expired, in which case it is removed here (a TTL needs no timer).</summary>
    private ActiveChaos? Current(string target)
    {
        if (!_active.TryGetValue(target, out var active)) return null;
        if (active.ExpiresAt is { } expiry && time.GetUtcNow() >= expiry)
        {
            // Remove only this instance: a newer setting put meanwhile must survive.
            if (_active.TryRemove(new KeyValuePair<string, ActiveChaos>(target, active))) LogRemoved(logger, target, "expired");
            return null;
        }
        return active;
    }

    private sealed class ActiveChaos(ChaosSetting setting, DateTimeOffset? expiresAt)
    {
        private readonly Lock _lock = new();
        private readonly Random _random = setting.Seed is { } seed ? new Random(seed) : new Random();
        private int _faultDecisions;
        private int _injections;

        public ChaosSetting Setting => setting;
        public DateTimeOffset? ExpiresAt => expiresAt;

        public View ToView()
        {
            lock (_lock) return new View(setting, expiresAt, _faultDecisions, _injections);
        }

        public bool Decide(ChaosKind kind)
        {
            // One lock per setting: the seeded sequence and the counters stay exact under concurrent calls.
            lock (_lock)
            {
                if (setting.MaxInjections is { } max && _injections >= max) return false;
                var inject = kind switch
                {
                    // The fault strategy sees every call exactly once, so its decisions count the calls.
                    ChaosKind.Fault => _faultDecisions++ < (setting.FailFirst ?? 0) || Roll(setting.FaultRate),
                    ChaosKind.Latency => setting.LatencyMs > 0 && Roll(setting.EffectiveLatencyRate),
                    ChaosKind.Outcome => Roll(setting.OutcomeRate),
                    ChaosKind.Behaviour => setting.BlockThreadMs > 0 && Roll(setting.EffectiveBlockThreadRate),
                    _ => false,
                };
                if (inject) _injections++;
                return inject;
            }
        }

        // 0 and 1 draw nothing, so a seeded sequence depends only on the calls that could go either way.
        private bool Roll(double? rate) => rate switch
        {
            null or <= 0 => false,
            >= 1 => true,
            { } r => _random.NextDouble() < r,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos on {Target} set to {Setting}, until {ExpiresAt}")]
    private static partial void LogSet(ILogger logger, string target, ChaosSetting setting, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos on {Target} {How}")]
    private static partial void LogRemoved(ILogger logger, string target, string how);
}
