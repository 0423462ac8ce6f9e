using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// The provider's misbehaviour, as Polly v8 chaos strategies (Simmy) in front of every payment call:
/// latency first, then faults, so a slow-and-flaky provider is slow on its failures too, as real ones are.
/// Both strategies read <see cref="BehaviourSwitch"/> on every execution through their generators, which
/// is what lets an experiment flip them at run time without a restart.
/// </summary>
public static class ProviderChaos
{
    public const string PipelineName = "provider-chaos";

    public static ResiliencePipelineBuilder AddProviderChaos(this ResiliencePipelineBuilder pipeline, BehaviourSwitch behaviour) =>
        pipeline
            .AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                EnabledGenerator = _ => ValueTask.FromResult(behaviour.Current.LatencyMs > 0),
                InjectionRate = 1.0,
                LatencyGenerator = _ => ValueTask.FromResult(TimeSpan.FromMilliseconds(behaviour.Current.LatencyMs)),
            })
            .AddChaosFault(new ChaosFaultStrategyOptions
            {
                EnabledGenerator = _ => ValueTask.FromResult(behaviour.Current.FailureRate > 0),
                InjectionRateGenerator = _ => ValueTask.FromResult(behaviour.Current.FailureRate),
                // Half the faults look like a crash (500), half like an overloaded provider (503):
                // callers must treat both as transient.
                FaultGenerator = new FaultGenerator()
                    .AddException(() => new ProviderFaultException(StatusCodes.Status500InternalServerError))
                    .AddException(() => new ProviderFaultException(StatusCodes.Status503ServiceUnavailable)),
            });
}

/// <summary>An injected provider failure, answered with <see cref="StatusCode"/>.</summary>
public sealed class ProviderFaultException(int statusCode)
    : Exception($"Simulated provider failure ({statusCode}).")
{
    public int StatusCode { get; } = statusCode;
}
