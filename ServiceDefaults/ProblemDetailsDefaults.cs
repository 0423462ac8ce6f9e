using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults;

/// <summary>
/// Every error leaves as RFC 7807 problem details. Malformed input is a 400 that names the field,
/// never a 500: minimal APIs are told to throw on bad requests so we can say what was wrong.
/// </summary>
public static class ProblemDetailsDefaults
{
    public static TBuilder AddProblemDetailsDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
            NameTheField(context.ProblemDetails);
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>
    /// A 413 or 415 written by the framework (Kestrel's body limit, the JSON binder, YARP) says nothing
    /// about which part of the request was wrong: name it, as every 400 does.
    /// </summary>
    private static void NameTheField(ProblemDetails problem)
    {
        if (problem is ValidationProblemDetails || problem.Extensions.ContainsKey("errors"))
        {
            return;
        }
        var named = problem.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => ("body", "The request body is larger than this service accepts (RequestLimits:MaxBodyBytes)."),
            StatusCodes.Status415UnsupportedMediaType => ("Content-Type", "Send the body as application/json."),
            _ => default((string, string)?),
        };
        if (named is var (field, message))
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }
    }

    internal static WebApplication UseProblemDetailsDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>Turns a request the framework could not bind (bad JSON, wrong type, bad route value) into a 400 naming the field.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var field = FieldOf(badRequest);
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Describe(badRequest)] })
        {
            Status = badRequest.StatusCode,
            Title = "The request is not valid.",
            Detail = $"'{field}': {Describe(badRequest)}",
        };
        context.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The JSON path of the offending value ($.price → price), or "body" when there is none.</summary>
    private static string FieldOf(BadHttpRequestException exception)
    {
        switch (exception.InnerException)
        {
            case JsonException { Path: { Length: > 2 } path }:
                return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            case JsonException:
                // Broken at the root ("{", "[", "null", too deep): the body as a whole is wrong.
                return "body";
        }
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return "body";
            case StatusCodes.Status415UnsupportedMediaType:
                return "Content-Type";
        }
        // No body at all: "Implicit body inferred for parameter "request" but no body was provided.",
        // "Required parameter "… request" was not provided from body.", "… from the request body as JSON."
        if (new[] { "no body was provided", "provided from body", "from the request body" }.Any(m => exception.Message.Contains(m, StringComparison.Ordinal)))
        {
            return "body";
        }
        // Route and query binding failures read: Failed to bind parameter "int id" from "abc".
        var message = exception.Message;
        var start = message.IndexOf('"');
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        if (start >= 0 && end > start)
        {
            var parameter = message[(start + 1)..end].Split(' ');
            return parameter[^1];
        }
        return "body";
    }

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json ? json.Message.Split(" Path:")[0] : exception.Message;
}
