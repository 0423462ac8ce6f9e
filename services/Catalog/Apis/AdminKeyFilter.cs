using System.Security.Cryptography;
using System.Text;

namespace Reference.Catalog.Apis;

/// <summary>
/// Admin writes need header <c>X-Admin-Key</c> equal to configuration <c>Admin:ApiKey</c> when that
/// is set (the AppHost sets it per run). Unset means a developer's machine: writes are open.
/// </summary>
public sealed class AdminKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string HeaderName = "X-Admin-Key";
    public const string ConfigurationKey = "Admin:ApiKey";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = configuration[ConfigurationKey];
        if (!string.IsNullOrEmpty(expected))
        {
            var given = context.HttpContext.Request.Headers[HeaderName].ToString();
            // Fixed-time comparison: the time taken must not tell how much of a guess was right.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Admin key required.",
                    detail: $"This endpoint needs the {HeaderName} header with the configured admin key.");
            }
        }
        return await next(context);
    }
}
