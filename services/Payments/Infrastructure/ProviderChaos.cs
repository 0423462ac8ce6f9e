using Polly;
using Reference.Payments.Model;
using Reference.ServiceDefaults;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// The provider's misbehaviour, on ServiceDefaults' chaos machinery: the <c>"provider-chaos"</c> pipeline
/// in front of every payment call holds the same Polly chaos strategies every outbound pipeline has
/// (latency, then fault), for target <c>provider</c>. Misbehaving is what this simulated provider is for,
/// so they are there whatever <c>Chaos:Enabled</c> says; <c>GET/PUT /api/payments/behaviour</c> reads and
/// writes the switchboard's setting for <c>provider</c>, as <c>/admin/chaos/provider</c> does when chaos is on.
/// </summary>
public static class ProviderChaos
{
    public const string PipelineName = "provider-chaos";
    public const string Target = "provider";

    public static ResiliencePipelineBuilder AddProviderChaos(this ResiliencePipelineBuilder pipeline, IServiceProvider services)
    {
        // Faults alternate between a crash (500) and an overloaded provider (503): callers must treat both as transient.
        var faults = 0;
        return pipeline.AddSimulatedFaults(services, Target, _ => new ProviderFaultException(
            Interlocked.Increment(ref faults) % 2 == 1 ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable));
    }

    /// <summary>The behaviour in force now (nothing set: none).</summary>
    public static ProviderBehaviour Behaviour(ChaosSwitchboard board) =>
        board.Get(Target) is { } setting ? new ProviderBehaviour(setting.LatencyMs ?? 0, setting.FaultRate ?? 0) : new ProviderBehaviour(0, 0);

    /// <param name="ttl">Null: until changed (the behaviour configured at start).</param>
    public static void SetBehaviour(ChaosSwitchboard board, ProviderBehaviour behaviour, TimeSpan? ttl)
    {
        if (behaviour is { LatencyMs: 0, FailureRate: 0 })
        {
            board.Remove(Target);
            return;
        }
        board.Set(Target, new ChaosSetting { LatencyMs = behaviour.LatencyMs, FaultRate = behaviour.FailureRate }, ttl);
    }
}

/// <summary>An injected provider failure, answered with <see cref="StatusCode"/>.</summary>
public sealed class ProviderFaultException(int statusCode)
    : Exception($"Simulated provider failure ({statusCode}).")
{
    public int StatusCode { get; } = statusCode;
}
