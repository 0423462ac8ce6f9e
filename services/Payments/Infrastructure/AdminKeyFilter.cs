using System.Security.Cryptography;
using System.Text;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// Admin endpoints need header <c>X-Admin-Key</c> equal to configuration <c>Admin:ApiKey</c> when that
/// is set (the AppHost sets one per run); 401 otherwise. Unset means a developer's local run: open,
/// except in Production, where an unset key closes the endpoints instead of leaving them open.
/// </summary>
public sealed class AdminKeyFilter(IConfiguration configuration, IHostEnvironment environment) : IEndpointFilter
{
    public const string Header = "X-Admin-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = configuration["Admin:ApiKey"];
        if (string.IsNullOrEmpty(expected) && environment.IsProduction())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin endpoints are closed.", detail: "Admin:ApiKey is not configured, and this is Production.");
        }
        if (!string.IsNullOrEmpty(expected))
        {
            var given = context.HttpContext.Request.Headers[Header].ToString();
            // Constant-time comparison: the key must not leak through response timing.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                    title: "Admin key required.", detail: $"Send header {Header} with the value of Admin:ApiKey.");
            }
        }
        return await next(context);
    }
}
