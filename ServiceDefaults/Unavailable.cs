using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults;

/// <summary>How a service says "unavailable, try again" (<c>Unavailable</c> section), validated on start.</summary>
public sealed class UnavailableOptions
{
    public const string Section = "Unavailable";

    /// <summary>
    /// What <c>Retry-After</c> says (seconds) on a 503 when nothing knows better. Short: an outage a
    /// client may wait out is a dependency restarting or a breaker probing, which takes seconds.
    /// </summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}

/// <summary>
/// The one way a service answers "unavailable": 503, <c>Retry-After</c> in seconds (from
/// <see cref="UnavailableOptions"/> unless the caller knows better), <c>Cache-Control: no-store</c> and an
/// RFC 7807 body. From a handler return <see cref="Problem"/>; from middleware or an exception handler
/// call <see cref="WriteAsync"/>.
/// </summary>
public static class Unavailable
{
    public static TBuilder AddUnavailableDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<UnavailableOptions>()
            .BindConfiguration(UnavailableOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    /// <summary>A 503 result for a minimal API handler: <c>Results&lt;…, ServiceUnavailable&gt;</c>.</summary>
    public static ServiceUnavailable Problem(string title, string detail, int? retryAfterSeconds = null,
        IDictionary<string, object?>? extensions = null) =>
        new(title, detail, retryAfterSeconds, extensions);

    /// <summary>Writes the 503 now. <paramref name="retryAfterSeconds"/> null: <see cref="UnavailableOptions.RetryAfterSeconds"/>.</summary>
    public static async Task<bool> WriteAsync(HttpContext context, string title, string detail, int? retryAfterSeconds = null,
        IDictionary<string, object?>? extensions = null, Exception? exception = null)
    {
        var seconds = retryAfterSeconds ?? context.RequestServices.GetRequiredService<IOptions<UnavailableOptions>>().Value.RetryAfterSeconds;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        var problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }
        problem.Extensions["retryAfterSeconds"] = seconds;

        var writer = context.RequestServices.GetService<IProblemDetailsService>();
        if (writer is not null && await writer.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception }))
        {
            return true;
        }
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsJsonAsync(problem, context.RequestAborted);
        return true;
    }
}

/// <summary>The result <see cref="Unavailable.Problem"/> returns; named so handler signatures list it as an outcome.</summary>
public sealed class ServiceUnavailable(string title, string detail, int? retryAfterSeconds, IDictionary<string, object?>? extensions)
    : IResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) =>
        Unavailable.WriteAsync(httpContext, title, detail, retryAfterSeconds, extensions);

    public static void PopulateMetadata(System.Reflection.MethodInfo method, Microsoft.AspNetCore.Builder.EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), ["application/problem+json"]));
}
