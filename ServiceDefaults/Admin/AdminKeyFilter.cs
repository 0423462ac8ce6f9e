using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Reference.ServiceDefaults;

/// <summary>
/// The one gate in front of every admin endpoint of every service: header <c>X-Admin-Key</c> must equal
/// configuration <c>Admin:ApiKey</c> (the AppHost generates one per run). With no key configured the
/// endpoints are closed, in every environment: a forgotten setting must not leave them open.
/// </summary>
public sealed class AdminKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string HeaderName = "X-Admin-Key";
    public const string ConfigurationKey = "Admin:ApiKey";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(expected))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin endpoints are closed.",
                detail: $"{ConfigurationKey} is not configured (environment variable Admin__ApiKey).");
        }
        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        // Fixed-time comparison: the time taken must not tell how much of a guess was right.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin key required.",
                detail: $"Send header {HeaderName} with the value of {ConfigurationKey}.");
        }
        return await next(context);
    }
}

public static class AdminEndpoints
{
    /// <summary>Puts <see cref="AdminKeyFilter"/> in front of every endpoint of <paramref name="endpoints"/>.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter<TBuilder, AdminKeyFilter>();
}
