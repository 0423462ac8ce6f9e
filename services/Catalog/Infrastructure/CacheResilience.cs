using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Reference.ServiceDefaults;
using StackExchange.Redis;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// The pipeline every cache call runs through, in the documented order: circuit breaker outside, attempt
/// timeout inside (so timeouts count as failures). A disconnected Redis is skipped before this runs;
/// the breaker is for the other case, a Redis that is connected but slow or stalled: after a few
/// failures every read skips the cache for <see cref="CatalogCacheOptions.BreakDuration"/> instead of
/// paying the timeout again and again. Innermost, the chaos pipeline of the <c>cache</c> connection
/// (ServiceDefaults' ChaosPipelines): what /admin/chaos injects there meets the real timeout and breaker.
/// </summary>
public static class CacheResilience
{
    public const string PipelineName = "catalog-cache";
    public const string ConnectionName = "cache";

    public static IServiceCollection AddCacheResilience(this IServiceCollection services)
    {
        services.AddResiliencePipeline(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<CatalogCacheOptions>>().Value;
            pipeline
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutException>().Handle<TimeoutRejectedException>(),
                    FailureRatio = options.BreakerFailureRatio,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    SamplingDuration = options.BreakerSamplingDuration,
                    BreakDuration = options.BreakDuration,
                })
                .AddTimeout(options.OperationTimeout)
                .AddPipeline(context.ServiceProvider.GetRequiredService<ChaosPipelines>().For(ConnectionName));
        });
        return services;
    }
}
