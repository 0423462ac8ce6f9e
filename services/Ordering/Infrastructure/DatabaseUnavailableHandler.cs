using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Postgres down, slow past its command timeout, or out of connections: the caller gets a fast 503
/// with Retry-After (try again, with the same Idempotency-Key), not a 500. Other database errors are
/// bugs and stay 500s.
/// </summary>
internal sealed class DatabaseUnavailableHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "2";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }
        logger.LogWarning("Database unavailable for {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problemDetails.TryWriteAsync(new()
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Orders database unavailable.",
                Detail = "Try again shortly; a retry with the same Idempotency-Key will not create a second order.",
            },
        });
    }

    internal static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is TimeoutException or System.Net.Sockets.SocketException or IOException,
        TimeoutException => true,
        _ => false,
    };
}
