using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Reference.ServiceDefaults;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// The <c>"payments"</c> pipeline, in the order the Polly docs recommend, outermost first: total timeout,
/// retry with jittered exponential backoff, circuit breaker, attempt timeout, and chaos innermost (when
/// <c>Chaos:Enabled</c>; target <c>payments</c>) so a fault set at /admin/chaos meets the real retry and breaker.
/// One instance serves
/// checkout and the settlement worker, so they share one breaker: when Payments is down, both stop
/// calling it and checkout answers at once with a PendingPayment order.
/// </summary>
/// <remarks>
/// Why not the standard resilience handler that ServiceDefaults puts on every HttpClient? Its numbers
/// (seconds of total timeout) suit idempotent reads; a charge sits inside the checkout SLO and needs
/// its own, tighter budget. Stacking this pipeline on top of the standard handler would nest two
/// retry loops (3 x 3 attempts) and two breakers. So the Payments HttpClient has its resilience
/// handlers removed and every call goes through this pipeline instead.
/// </remarks>
public static class PaymentsResilience
{
    public const string PipelineName = "payments";

    /// <summary>The name /admin/chaos uses for the calls this pipeline makes.</summary>
    public const string ChaosTarget = "payments";

    /// <summary>Transport failures, timeouts, 5xx, 408 and 429 are worth another attempt; other answers are not.</summary>
    public static readonly PredicateBuilder<HttpResponseMessage> Transient = new PredicateBuilder<HttpResponseMessage>()
        .Handle<HttpRequestException>()
        .Handle<TimeoutRejectedException>()
        .HandleResult(response => (int)response.StatusCode >= 500
                                  || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    public static ResiliencePipelineBuilder<HttpResponseMessage> AddPaymentsStrategies(
        this ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PaymentsResilienceOptions options, IServiceProvider services)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = Transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }
        return pipeline
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = Transient,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .AddHttpChaos(services, ChaosTarget);
    }
}
