using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Reference.Chaos.FaultProxy.Faults;
using Reference.Chaos.FaultProxy.Model;
using Reference.Chaos.FaultProxy.Proxy;
using Reference.Chaos.FaultProxy.Toxics;
using Reference.Chaos.FaultProxy.Toxics.Down;

namespace Reference.Chaos.FaultProxy.Apis;

/// <summary>The control API (loopback, JSON, camelCase): every route on one screen.</summary>
public static class ControlApi
{
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/faults", ListFaults);
        app.MapPost("/faults", AddFaultAsync);
        app.MapDelete("/faults/{id}", RemoveFault);
        app.MapDelete("/faults", ResetAll);
        app.MapPut("/lease", RenewLeaseAsync);
        app.MapGet("/lease", ListLeases);
        app.MapGet("/status", Status);
        app.MapHealthChecks("/health");
        // Resolved now, so its gauge exists before the first scrape.
        app.ServiceProvider.GetRequiredService<FaultMetrics>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static Ok<Fault[]> ListFaults(FaultRegistry registry) =>
        TypedResults.Ok(registry.Active.Faults.Select(f => f.View).ToArray());

    private static async Task<Results<Created<Fault>, ValidationProblem>> AddFaultAsync(HttpRequest http, FaultRegistry registry, IOptions<JsonOptions> json)
    {
        var errors = new ValidationErrors();
        var request = await RequestBody.ReadAsync<FaultRequest>(http, json.Value.SerializerOptions, errors);
        if (request is null || NewFault.From(request, errors) is not { } fault) return TypedResults.ValidationProblem(errors.ToDictionary());
        var added = registry.Add(fault);
        return TypedResults.Created($"/faults/{added.Id}", added);
    }

    private static Results<NoContent, NotFound> RemoveFault(string id, FaultRegistry registry) =>
        registry.Remove(id) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static NoContent ResetAll(FaultRegistry registry)
    {
        registry.Clear("reset requested through the control API");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Lease>, ValidationProblem>> RenewLeaseAsync(HttpRequest http, LeaseBook leases, IOptions<JsonOptions> json)
    {
        var errors = new ValidationErrors();
        var request = await RequestBody.ReadAsync<LeaseRequest>(http, json.Value.SerializerOptions, errors);
        if (request is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (string.IsNullOrWhiteSpace(request.Holder)) errors.Add("holder", "Required: who holds the lease (an experiment or controller name).");
        var ttl = request.TtlSeconds ?? 0;
        if (!(ttl > 0 && ttl <= LeaseBook.MaxTtl.TotalSeconds)) errors.Add("ttlSeconds", $"Required: more than 0 and at most {LeaseBook.MaxTtl.TotalSeconds}; was {request.TtlSeconds?.ToString() ?? "missing"}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(leases.Renew(request.Holder!, TimeSpan.FromSeconds(ttl)));
    }

    private static Ok<IReadOnlyList<Lease>> ListLeases(LeaseBook leases) => TypedResults.Ok(leases.List());

    private static Ok<ProxyStatus> Status(IOptions<FaultProxyOptions> options, DownGate down, ConnectionTracker connections, FaultRegistry registry) =>
        TypedResults.Ok(new ProxyStatus(options.Value.Listen, options.Value.Upstream, !down.IsDown,
            connections.OpenCount, connections.AcceptedCount, registry.Active.Faults.Count));
}

/// <summary>What <c>GET /status</c> shows: where the proxy listens and forwards, and what it is doing.</summary>
public sealed record ProxyStatus(string Listen, string Upstream, bool Listening, int OpenConnections, long AcceptedConnections, int ActiveFaults);

/// <summary>
/// Reads a JSON body so that a malformed one is a 400 naming the field (System.Text.Json reports the
/// JSON path of what it could not read), not the framework's bare 400.
/// </summary>
internal static class RequestBody
{
    public static async Task<T?> ReadAsync<T>(HttpRequest http, JsonSerializerOptions options, ValidationErrors errors) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Body, options, http.HttpContext.RequestAborted);
            if (body is null) errors.Add("body", "Required: a JSON object.");
            return body;
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex);
            errors.Add(field, field switch
            {
                "body" => $"Not a JSON object of the expected shape: {ex.Message}",
                "kind" => $"Not a fault kind: expected one of {string.Join(", ", Enum.GetNames<FaultKind>().Select(JsonNames.Camel))}.",
                "direction" => $"Not a direction: expected one of {string.Join(", ", Enum.GetNames<FaultDirection>().Select(JsonNames.Camel))}.",
                _ when ex.Message.StartsWith("The JSON property '", StringComparison.Ordinal) => "Not a field of this request (check the spelling: fields are camelCase, e.g. latencyMs).",
                _ => "Could not read this field: expected a number (or leave it out).",
            });
            return null;
        }
    }

    /// <summary>"$.latencyMs" → "latencyMs"; an unknown property is named by the message, not the path.</summary>
    private static string FieldOf(JsonException ex)
    {
        const string unmapped = "The JSON property '";
        if (ex.Message.StartsWith(unmapped, StringComparison.Ordinal))
        {
            var end = ex.Message.IndexOf('\'', unmapped.Length);
            if (end > 0) return ex.Message[unmapped.Length..end];
        }
        var path = ex.Path;
        return string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
    }
}
