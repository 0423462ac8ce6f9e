using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults.Admission;

/// <summary>
/// Admits a request while its criticality has room under the adaptive limit, and answers the rest at
/// once with 503 + <c>Retry-After</c>: no queue, because a request that waits here only adds the
/// queueing the limit exists to prevent. Health and metrics paths are never shed.
/// </summary>
internal sealed class AdmissionMiddleware(
    AdmissionController controller,
    IRequestCriticality criticality,
    SheddingMetrics metrics,
    IOptions<SheddingOptions> shedding,
    ILogger<AdmissionMiddleware> logger) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Telemetry.IsInfrastructurePath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var level = criticality.Of(context);
        if (!controller.TryAdmit(level))
        {
            metrics.Shed(SheddingMetrics.ReasonConcurrency, level);
            logger.LogDebug("Shed {Criticality} {Method} {Path}: {InFlight} in flight, limit {Limit}",
                level, context.Request.Method, context.Request.Path, controller.InFlight, controller.Limit);
            await Shedding.WriteShedAsync(context, StatusCodes.Status503ServiceUnavailable, shedding.Value.RetryAfterSeconds,
                "The service is at capacity.", context.RequestAborted);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            controller.Release();
        }
    }
}
