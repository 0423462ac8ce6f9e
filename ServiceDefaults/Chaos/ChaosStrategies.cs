using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Behavior;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;

namespace Reference.ServiceDefaults;

/// <summary>
/// Polly's chaos strategies (Simmy), wired to the <see cref="ChaosSwitchboard"/>: latency, then behaviour
/// (a blocked thread), then fault, then (HTTP only) outcome. Add them last, innermost, as the Polly docs place chaos: the real timeout,
/// retry and circuit breaker outside then handle what chaos injects exactly as they would a real failure.
/// Every strategy reads the switchboard on each call through its generators, so settings change at run
/// time; with nothing set for a target, the <c>EnabledGenerator</c> says no and the call passes untouched.
/// </summary>
public static class ChaosStrategies
{
    /// <summary>
    /// Chaos for calls to <paramref name="target"/> (a connection name, a provider); a fault throws
    /// <paramref name="fault"/>'s exception, the one the real client throws when the target is unreachable.
    /// Adds nothing unless <c>Chaos:Enabled</c>.
    /// </summary>
    public static TBuilder AddChaos<TBuilder>(this TBuilder pipeline, IServiceProvider services, string target, Func<string, Exception> fault)
        where TBuilder : ResiliencePipelineBuilderBase =>
        IsEnabled(services) ? pipeline.AddChaosStrategies(services, _ => target, fault) : pipeline;

    /// <summary>
    /// Chaos for an HttpClient's calls, keyed by the request's host (<c>http://payments</c> → <c>payments</c>)
    /// unless <paramref name="target"/> names one. A fault is the <see cref="HttpRequestException"/> a refused
    /// connection gives; an outcome is a response with the configured status. Adds nothing unless <c>Chaos:Enabled</c>.
    /// </summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddHttpChaos(
        this ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services, string? target = null)
    {
        if (!IsEnabled(services)) return pipeline;

        Func<ResilienceContext, string?> targetOf = target is null ? context => context.GetRequestMessage()?.RequestUri?.Host : _ => target;
        var board = services.GetRequiredService<ChaosSwitchboard>();
        var telemetry = services.GetRequiredService<ChaosTelemetry>();
        return pipeline
            .AddChaosStrategies(services, targetOf, t => new HttpRequestException($"Chaos: injected fault calling {t}."))
            .AddChaosOutcome(new ChaosOutcomeStrategyOptions<HttpResponseMessage>
            {
                EnabledGenerator = args => ValueTask.FromResult(board.IsActive(targetOf(args.Context))),
                InjectionRateGenerator = args => Rate(board.ShouldInject(targetOf(args.Context), ChaosKind.Outcome)),
                OutcomeGenerator = args =>
                {
                    var status = board.SettingFor(targetOf(args.Context))?.EffectiveOutcomeStatus ?? ChaosSetting.DefaultOutcomeStatus;
                    var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = args.Context.GetRequestMessage() };
                    return ValueTask.FromResult<Outcome<HttpResponseMessage>?>(Outcome.FromResult(response));
                },
                OnOutcomeInjected = args =>
                {
                    Report(board, telemetry, targetOf(args.Context), ChaosKind.Outcome, $"status {(int)args.Outcome.Result!.StatusCode}");
                    return ValueTask.CompletedTask;
                },
            });
    }

    /// <summary>
    /// The same strategies, on whatever <c>Chaos:Enabled</c> says: for a service whose misbehaviour is its
    /// purpose (Payments simulates a flaky provider), not chaos injected into the system.
    /// </summary>
    public static TBuilder AddSimulatedFaults<TBuilder>(this TBuilder pipeline, IServiceProvider services, string target, Func<string, Exception> fault)
        where TBuilder : ResiliencePipelineBuilderBase =>
        pipeline.AddChaosStrategies(services, _ => target, fault);

    private static bool IsEnabled(IServiceProvider services) => services.GetRequiredService<IOptions<ChaosOptions>>().Value.Enabled;

    private static TBuilder AddChaosStrategies<TBuilder>(this TBuilder pipeline, IServiceProvider services,
        Func<ResilienceContext, string?> targetOf, Func<string, Exception> fault)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        var board = services.GetRequiredService<ChaosSwitchboard>();
        var telemetry = services.GetRequiredService<ChaosTelemetry>();
        // Latency and behaviour first, so a slow-and-flaky target is slow on its failures too, as real ones are.
        return pipeline
            .AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                EnabledGenerator = args => ValueTask.FromResult(board.IsActive(targetOf(args.Context))),
                InjectionRateGenerator = args => Rate(board.ShouldInject(targetOf(args.Context), ChaosKind.Latency)),
                LatencyGenerator = args => ValueTask.FromResult(TimeSpan.FromMilliseconds(board.SettingFor(targetOf(args.Context))?.LatencyMs ?? 0)),
                OnLatencyInjected = args =>
                {
                    Report(board, telemetry, targetOf(args.Context), ChaosKind.Latency, $"{args.Latency.TotalMilliseconds:0} ms");
                    return ValueTask.CompletedTask;
                },
            })
            .AddChaosBehavior(new ChaosBehaviorStrategyOptions
            {
                EnabledGenerator = args => ValueTask.FromResult(board.IsActive(targetOf(args.Context))),
                InjectionRateGenerator = args => Rate(board.ShouldInject(targetOf(args.Context), ChaosKind.Behaviour)),
                // Deliberately synchronous: the point is a pool thread held hostage, as sync-over-async code does.
                BehaviorGenerator = args =>
                {
                    Thread.Sleep(board.SettingFor(targetOf(args.Context))?.BlockThreadMs ?? 0);
                    return ValueTask.CompletedTask;
                },
                OnBehaviorInjected = args =>
                {
                    Report(board, telemetry, targetOf(args.Context), ChaosKind.Behaviour, $"thread blocked {board.SettingFor(targetOf(args.Context))?.BlockThreadMs ?? 0} ms");
                    return ValueTask.CompletedTask;
                },
            })
            .AddChaosFault(new ChaosFaultStrategyOptions
            {
                EnabledGenerator = args => ValueTask.FromResult(board.IsActive(targetOf(args.Context))),
                InjectionRateGenerator = args => Rate(board.ShouldInject(targetOf(args.Context), ChaosKind.Fault)),
                FaultGenerator = args => ValueTask.FromResult<Exception?>(fault(targetOf(args.Context) ?? "unknown")),
                OnFaultInjected = args =>
                {
                    Report(board, telemetry, targetOf(args.Context), ChaosKind.Fault, args.Fault.GetType().Name);
                    return ValueTask.CompletedTask;
                },
            });
    }

    // The switchboard decides (seed, failFirst, maxInjections); Polly is told "always" or "never".
    private static ValueTask<double> Rate(bool inject) => ValueTask.FromResult(inject ? 1.0 : 0.0);

    private static void Report(ChaosSwitchboard board, ChaosTelemetry telemetry, string? target, ChaosKind kind, string detail)
    {
        if (target is null) return;
        telemetry.Injected(target, kind, board.SettingFor(target)?.ExperimentId, detail);
    }
}
