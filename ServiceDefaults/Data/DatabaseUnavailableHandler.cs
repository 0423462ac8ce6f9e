using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reference.ServiceDefaults;

/// <summary>
/// Postgres down, slow past its command timeout, or out of connections: the caller gets a fast 503
/// with Retry-After (<see cref="Unavailable"/>), not a 500. Other database errors are bugs and stay 500s.
/// Registered by <see cref="PostgresExtensions.AddPostgresDataSource"/>, so every service with a
/// database answers an outage the same way.
/// </summary>
internal sealed partial class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.Is(exception))
        {
            return false;
        }
        LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.Message);
        return await Unavailable.WriteAsync(context,
            "Database unavailable.",
            "A database this request needs cannot be reached. Try again after Retry-After; a request with an Idempotency-Key is safe to repeat.",
            exception: exception);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}
