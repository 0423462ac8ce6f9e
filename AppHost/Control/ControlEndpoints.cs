using Microsoft.AspNetCore.Http.HttpResults;
using Reference.AppHost.Processes;
using Reference.AppHost.Supervision;

namespace Reference.AppHost.Control;

public sealed record ResourceView(string Name, string Type, string State, IReadOnlyList<string> Endpoints, IReadOnlyList<ReplicaView> Replicas);

public sealed record ReplicaView(int Index, int? Pid, string State, string Health, int Restarts, string? Endpoint);

/// <summary>Every route of the control API on one screen.</summary>
internal static class ControlEndpoints
{
    private static readonly string[] Actions = ["stop", "start", "restart", "kill"];

    public static void Map(IEndpointRouteBuilder app, RunContext context)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", () => TypedResults.Ok(context.Resources.Values.Select(View).ToList()));
        api.MapPost("/{name}/{action}", (string name, string action, string? replica) => Command(context, name, action, replica));
        api.MapGet("/{name}/logs", (string name, string? replica, string? after) => Logs(context, name, replica, after));
    }

    public static ResourceView View(SupervisedResource resource) => new(
        resource.Name,
        resource.Type,
        resource.State.ToString(),
        resource.Endpoints.Select(Text).ToList(),
        resource.Replicas.Select(r => new ReplicaView(r.Index, r.Pid, r.State.ToString(), r.Health.ToString(), r.Restarts, r.Endpoint is { } e ? Text(e) : null)).ToList());

    private static Results<Accepted, NotFound<ProblemDetailsView>, ValidationProblem> Command(RunContext context, string name, string action, string? replica)
    {
        if (!context.Resources.TryGetValue(name, out var resource)) return NotFound(name);
        if (!Actions.Contains(action)) return Invalid("action", $"Action must be one of: {string.Join(", ", Actions)}.");
        if (!TryReplicas(resource, replica, out var targets, out var error)) return Invalid("replica", error);

        foreach (var target in targets)
        {
            // Accepted, not awaited: a stop can take a drain's length, a start a health check's.
            _ = Task.Run(async () =>
            {
                try
                {
                    using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                    await (action switch
                    {
                        "stop" => target.StopAsync(deadline.Token),
                        "start" => target.StartAsync(deadline.Token),
                        "restart" => target.RestartAsync(deadline.Token),
                        _ => target.KillAsync(deadline.Token),
                    });
                }
                catch (Exception ex)
                {
                    context.Echo.Event(target.DisplayName, $"{action} did not complete: {ex.Message}");
                }
            });
            context.Echo.Event(target.DisplayName, $"{action} requested through the control API");
        }
        return TypedResults.Accepted((string?)null);
    }

    private static Results<Ok<IReadOnlyList<LogLine>>, NotFound<ProblemDetailsView>, ValidationProblem> Logs(RunContext context, string name, string? replica, string? after)
    {
        if (!context.Resources.TryGetValue(name, out var resource)) return NotFound(name);
        if (!TryReplicas(resource, replica ?? "0", out var targets, out var error)) return Invalid("replica", error);
        var afterSeq = 0L;
        if (after is not null && (!long.TryParse(after, out afterSeq) || afterSeq < 0)) return Invalid("after", "after must be a sequence number >= 0.");
        return TypedResults.Ok(targets[0].Logs.After(afterSeq));
    }

    private static bool TryReplicas(SupervisedResource resource, string? replica, out IReadOnlyList<Replica> targets, out string error)
    {
        targets = resource.Replicas;
        error = "";
        if (replica is null) return true;
        if (!int.TryParse(replica, out var index) || index < 0 || index >= resource.Replicas.Count)
        {
            error = $"replica must be an index 0..{resource.Replicas.Count - 1} of '{resource.Name}'.";
            return false;
        }
        targets = [resource.Replicas[index]];
        return true;
    }

    private static NotFound<ProblemDetailsView> NotFound(string name) =>
        TypedResults.NotFound(new ProblemDetailsView("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found", 404, $"No resource named '{name}' in this run."));

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static string Text(Uri uri) => uri.ToString().TrimEnd('/');
}

public sealed record ProblemDetailsView(string Type, string Title, int Status, string Detail);
