using System.Net.Http;
using Reference.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Reference.Gateway.Infrastructure;

/// <summary>
/// Two additions to YARP's standard pipeline. A cluster with no healthy destination answers 503 with
/// <c>Retry-After</c> and a problem body at once (YARP alone gives a bare 503). And a request lost to a
/// replica that died since the last probe is sent once to another destination: a refused connection
/// never reached a backend, so even a POST is safe to resend; a GET or HEAD (no body, safe to repeat)
/// is also resent when a pooled connection to the dead replica was reset before any response.
/// </summary>
internal static class ProxyPipeline
{
    public static async Task FailFastAndRetryRefusedAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations.Count == 0)
        {
            await WriteNoDestinationAsync(context, proxy.Cluster.Config.ClusterId);
            return;
        }

        // Load balancing narrows AvailableDestinations to the one it picked: keep the full list for a resend.
        var candidates = proxy.AvailableDestinations;
        await next();

        if (!context.Response.HasStarted
            && IsSafeToResend(context.Request, context.Features.Get<IForwarderErrorFeature>())
            && proxy.ProxiedDestination is { } refused
            && candidates.Where(d => d != refused).ToList() is { Count: > 0 } others)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxyPipeline))
                .LogInformation("{Destination} failed before answering; resending to another destination", refused.DestinationId);
            proxy.AvailableDestinations = others;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await next();
        }
    }

    private static bool IsSafeToResend(HttpRequest request, IForwarderErrorFeature? error) => error switch
    {
        { Error: ForwarderError.Request, Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        // A kept-alive connection to a killed replica fails with a reset or an early end: the request may
        // have arrived, so only methods that are safe to repeat and carry no body go again.
        { Error: ForwarderError.Request, Exception: HttpRequestException or IOException } => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method),
        _ => false,
    };

    private static Task WriteNoDestinationAsync(HttpContext context, string cluster) =>
        Unavailable.WriteAsync(context, $"No healthy '{cluster}' destination.",
            $"Every '{cluster}' replica is failing its health check; retry after Retry-After.");
}
