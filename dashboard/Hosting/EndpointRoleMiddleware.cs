namespace Reference.Dashboard.Hosting;

/// <summary>
/// Keeps each listener to its job: the OTLP ports answer only OTLP (and /health), the UI port
/// answers no OTLP. Without this, every route would be reachable on every port.
/// </summary>
public sealed class EndpointRoleMiddleware(RequestDelegate next, DashboardEndpoints endpoints)
{
    public Task InvokeAsync(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        var path = context.Request.Path;
        var isHealth = path.StartsWithSegments("/health");
        var isOtlpHttp = path.StartsWithSegments("/v1");
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

        var allowed =
            endpoints.IsOtlpGrpcPort(port) ? isGrpc || isHealth
            : endpoints.IsOtlpHttpPort(port) ? isOtlpHttp || isHealth
            : !isOtlpHttp && !isGrpc;

        if (allowed) return next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
