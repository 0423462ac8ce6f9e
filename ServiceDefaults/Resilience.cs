using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Reference.ServiceDefaults;

/// <summary>
/// Every HttpClient goes through the standard resilience handler (Microsoft.Extensions.Http.Resilience):
/// total timeout, retry with jittered exponential backoff, circuit breaker, attempt timeout, in that
/// order, outermost first. Numbers come from the <c>HttpClientResilience</c> configuration section.
/// Unsafe methods (POST, PUT, PATCH, DELETE, CONNECT) are retried only when the request carries an
/// <see cref="IdempotencyKeyHeader"/>: the first attempt may have been carried out even though its
/// answer was lost, and only a key lets the server recognise the repeat.
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
        });
        return http;
    }

    /// <summary>Safe methods may be repeated; unsafe ones only with an idempotency key the server deduplicates on.</summary>
    internal static bool SafeToRepeat(HttpRequestMessage request) =>
        !IsUnsafe(request.Method) || request.Headers.Contains(IdempotencyKeyHeader);

    private static bool IsUnsafe(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch
        || method == HttpMethod.Delete || method == HttpMethod.Connect;
}
