using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Reference.ServiceDefaults.Admission;
using Reference.ServiceDefaults.Buyers;

namespace Reference.ServiceDefaults;

/// <summary>
/// How much load an edge admits before it sheds. Two layers, each with its own answer:
/// a per-client token bucket (fairness: one noisy client cannot starve the rest) answers 429, and
/// adaptive admission control (self-protection: in-flight work is bounded by a limit that follows this
/// machine's queueing delay, and the least critical work is shed first; <c>Admission/</c>) answers 503. Both answer at once, with <c>Retry-After</c>, instead of queueing
/// without bound. Bound from the <c>Shedding</c> configuration section and validated on start.
/// </summary>
public sealed class SheddingOptions : IValidatableObject
{
    public const string Section = "Shedding";

    /// <summary>Off switch for experiments that want to see an unprotected system. On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Sustained requests per second one client may send. The load generator's browse requests carry no buyer
    /// token, so they are one client (its address): the default lets a 10x spike (500 req/s) through to the
    /// concurrency limit.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PerClientPermitsPerSecond { get; set; } = 1000;

    /// <summary>Bucket size: how far above the sustained rate one client may burst.</summary>
    [Range(1, 1_000_000)]
    public int PerClientBurst { get; set; } = 1000;

    /// <summary>What <c>Retry-After</c> says (seconds) when the limiter itself does not know better.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PerClientBurst < TokensPerReplenishment(PerClientPermitsPerSecond).Tokens)
        {
            yield return new ValidationResult("Shedding:PerClientBurst must hold at least one replenishment (PerClientPermitsPerSecond / 10).", [nameof(PerClientBurst)]);
        }
    }

    /// <summary>Refill ten times a second (smooth), or once per permit for rates below ten per second.</summary>
    internal static (int Tokens, TimeSpan Period) TokensPerReplenishment(int permitsPerSecond) =>
        permitsPerSecond >= 10
            ? ((int)Math.Ceiling(permitsPerSecond / 10.0), TimeSpan.FromMilliseconds(100))
            : (1, TimeSpan.FromSeconds(1.0 / Math.Max(1, permitsPerSecond)));
}

/// <summary>Counts every shed request by reason, so a dashboard can tell fairness limits from overload.</summary>
public sealed class SheddingMetrics
{
    public const string MeterName = "Reference.Shedding";
    public const string ReasonRateLimit = "rate_limit";
    public const string ReasonConcurrency = "concurrency";

    private readonly Counter<long> _shed;

    public SheddingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _shed = meter.CreateCounter<long>("reference.shed.requests", unit: "{request}",
            description: "Requests refused by load shedding, by reason (rate_limit: 429, concurrency: 503) and criticality.");
    }

    public void Shed(string reason) => _shed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A request shed by admission control, with how critical it was (browse is shed before checkout).</summary>
    public void Shed(string reason, Criticality criticality) => _shed.Add(1,
        new KeyValuePair<string, object?>("reason", reason),
        new KeyValuePair<string, object?>("criticality", criticality.ToString().ToLowerInvariant()));
}

public static class Shedding
{
    /// <summary>Registers the shedding policy. Edges call it explicitly; services behind them do not.</summary>
    public static TBuilder AddLoadShedding<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<SheddingOptions>()
            .Bind(builder.Configuration.GetSection(SheddingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SheddingMetrics>();
        builder.AddAdmissionControl();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(SheddingMetrics.MeterName, AdmissionController.MeterName));

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<SheddingOptions>, SheddingMetrics>((limiter, shedding, metrics) =>
            {
                var options = shedding.Value;
                limiter.GlobalLimiter = PerClientLimiter(options);
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = (context, cancellationToken) =>
                {
                    metrics.Shed(SheddingMetrics.ReasonRateLimit);
                    var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                        ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                        : options.RetryAfterSeconds;
                    return WriteShedAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, retryAfter,
                        "Too many requests from this client.", cancellationToken);
                };
            });
        return builder;
    }

    /// <summary>
    /// Per-client rate limit first (cheap, fair), then adaptive admission control. Place it after
    /// <c>MapDefaultEndpoints()</c> and before the endpoints it protects; health and metrics paths pass untouched.
    /// </summary>
    public static WebApplication UseLoadShedding(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SheddingOptions>>().Value.Enabled)
        {
            return app;
        }
        app.UseRateLimiter();
        app.UseMiddleware<AdmissionMiddleware>();
        return app;
    }

    /// <summary>
    /// The client a request belongs to: the buyer its token names, when the token verifies (a signed buyer
    /// token, <c>Buyers/</c>), else its connection's address. Never a header the client chooses: a client over
    /// its limit would send another value and be a new client. A forged or tampered token counts as none.
    /// </summary>
    public static string ClientKey(HttpContext context) =>
        BuyerTokens.TryGetVerifiedBuyer(context, out var buyerId)
            ? "buyer:" + buyerId
            : "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);

    private static PartitionedRateLimiter<HttpContext> PerClientLimiter(SheddingOptions options)
    {
        var (tokens, period) = SheddingOptions.TokensPerReplenishment(options.PerClientPermitsPerSecond);
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
            Telemetry.IsInfrastructurePath(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter("infrastructure")
                : RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.PerClientBurst,
                    TokensPerPeriod = tokens,
                    ReplenishmentPeriod = period,
                    QueueLimit = 0, // over the rate is refused now: waiting would only move the overload downstream
                    AutoReplenishment = true,
                }));
    }

    /// <summary>A shed answer: status, <c>Retry-After</c>, and a small problem-details body.</summary>
    internal static async ValueTask WriteShedAsync(HttpContext context, int status, int retryAfterSeconds, string title, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = $"Load shedding: retry after {retryAfterSeconds} s.",
        };
        var writer = context.RequestServices.GetService<IProblemDetailsService>();
        if (writer is null || !await writer.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem }))
        {
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsJsonAsync(problem, cancellationToken);
        }
    }
}
