using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Reference.ServiceDefaults;

/// <summary>
/// Every HttpClient goes through the standard resilience handler (Microsoft.Extensions.Http.Resilience):
/// total timeout, retry with jittered exponential backoff, circuit breaker, attempt timeout, in that
/// order, outermost first. Numbers come from the <c>HttpClientResilience</c> configuration section.
/// Two changes to its defaults. Unsafe methods (POST, PUT, PATCH, DELETE, CONNECT) are retried only when
/// the request carries an <see cref="IdempotencyKeyHeader"/>: the first attempt may have been carried out
/// even though its answer was lost, and only a key lets the server recognise the repeat. And a refused
/// connection does not count toward the circuit breaker (see <see cref="ShouldBreakOn"/>).
/// </summary>
public static class Resilience
{
    public const string Section = "HttpClientResilience";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    internal static IHttpClientBuilder AddDefaultResilience(this IHttpClientBuilder http, IConfiguration configuration)
    {
        // The overload taking a section throws when the section is empty, which is the normal case
        // (no overrides): bind it only when someone wrote one.
        var section = configuration.GetSection(Section);
        var pipeline = section.Exists() ? http.AddStandardResilienceHandler(section) : http.AddStandardResilienceHandler();
        pipeline.Configure(options =>
        {
            var retryable = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = args =>
                args.Context.GetRequestMessage() is { } request && !SafeToRepeat(request)
                    ? PredicateResult.False()
                    : retryable(args);
            options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(ShouldBreakOn(args.Outcome));
        });
        return http;
    }

    /// <summary>Safe methods may be repeated; unsafe ones only with an idempotency key the server deduplicates on.</summary>
    internal static bool SafeToRepeat(HttpRequestMessage request) =>
        !IsUnsafe(request.Method) || request.Headers.Contains(IdempotencyKeyHeader);

    private static bool IsUnsafe(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch
        || method == HttpMethod.Delete || method == HttpMethod.Connect;

    /// <summary>
    /// The standard breaker's failures, less refused connections. The breaker is per client, not per
    /// replica (service discovery picks the replica inside it): with one of two Catalog replicas killed,
    /// half the attempts were refused and the breaker opened for every replica, failing checkouts for 5 s
    /// that the retry would have sent to the live one (found by the catalog-replica-crash experiment).
    /// A refusal costs the caller nothing to wait for, and the retry moves to another replica at once;
    /// the breaker stays for what it is for: a dependency that is slow, timing out or answering 5xx.
    /// </summary>
    public static bool ShouldBreakOn(Polly.Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
        && HttpClientResiliencePredicates.IsTransient(outcome);
}
