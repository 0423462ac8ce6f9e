using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults;

/// <summary>
/// <c>/admin/chaos</c> on every service (admin key required; mapped only when <c>Chaos:Enabled</c>):
/// what is injected into this service's outbound calls, per target, changed at run time. See docs/api.md.
/// </summary>
public static class ChaosApi
{
    public const string Path = "/admin/chaos";

    /// <summary>One target's setting as listed: what was asked for, until when, and what it has done so far.</summary>
    public sealed record ChaosState(string Target, ChaosSetting Setting, DateTimeOffset? ExpiresAt, int Calls, int Injections);

    public static IEndpointRouteBuilder MapChaosApi(this IEndpointRouteBuilder app)
    {
        var chaos = app.MapGroup(Path).RequireAdminKey();
        chaos.MapGet("/", List);
        chaos.MapPut("/{target}", Set);
        chaos.MapDelete("/{target}", Remove);
        chaos.MapDelete("/", RemoveAll);
        return app;
    }

    public static Ok<ChaosState[]> List(ChaosSwitchboard board) =>
        TypedResults.Ok(board.Snapshot().Select(s => ToState(s.Key, s.Value)).ToArray());

    public static Results<Ok<ChaosState>, ValidationProblem> Set(string target, ChaosSetting? setting, ChaosSwitchboard board, IOptions<ChaosOptions> options)
    {
        if (!ChaosTarget.IsValid(target))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["target"] = ["target must be a service or connection name: lower-case letters, digits, '.', '_' or '-', at most 63."],
            });
        }
        if (setting is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        }
        var errors = setting.Validate(options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var ttl = setting.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Value.DefaultTtl;
        board.Set(target, setting, ttl);
        return TypedResults.Ok(ToState(target, board.Snapshot()[target]));
    }

    public static Results<NoContent, NotFound> Remove(string target, ChaosSwitchboard board) =>
        board.Remove(target) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static NoContent RemoveAll(ChaosSwitchboard board)
    {
        board.Clear();
        return TypedResults.NoContent();
    }

    private static ChaosState ToState(string target, ChaosSwitchboard.View view) =>
        new(target, view.Setting, view.ExpiresAt, view.Calls, view.Injections);
}
