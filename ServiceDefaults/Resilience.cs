using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Reference.ServiceDefaults;

/// <summary>
/// Every HttpClient goes through the standard resilience handler (Microsoft.Extensions.Http.Resilience):
/// total timeout, retry with jittered exponential backoff, circuit breaker, attempt timeout, in that
/// order, outermost first. Numbers come from the <c>HttpClientResilience</c> configuration section.
/// One change to its defaults: a refused connection does not count toward the circuit breaker (see
/// <see cref="ShouldBreakOn"/>).
/// </summary>
public static class Resilience
{
    public const string Section = "HttpClientResilience";

    internal static IHttpClientBuilder AddDefaultResilience(this IHttpClientBuilder http, IConfiguration configuration)
    {
        // The overload taking a section throws when the section is empty, which is the normal case
        // (no overrides): bind it only when someone wrote one.
        var section = configuration.GetSection(Section);
        var pipeline = section.Exists() ? http.AddStandardResilienceHandler(section) : http.AddStandardResilienceHandler();
        pipeline.Configure(options => options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(ShouldBreakOn(args.Outcome)));
        return http;
    }

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
