using System.Diagnostics;
using System.Net.Http.Json;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.FaultProxy.Client;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>The faults of chaos part 1, as experiment activities. Every fault carries a TTL, so a runner
/// that dies without its rollbacks still leaves a clean system a few minutes later.</summary>
public static class Actions
{
    /// <summary>Longer than any fault window of any profile, short enough that a crashed runner's fault goes by itself.</summary>
    public static TimeSpan FaultTtl(ExperimentTiming timing) => timing.Fault + TimeSpan.FromSeconds(60);

    public static ChaosActivity AddFault(string server, FaultSpec spec, string description) =>
        new($"{server}-faults: {description}", async (ctx, ct) =>
        {
            var fault = await ctx.System.FaultProxy(server).AddAsync(spec.For(FaultTtl(ctx.Timing)), ct);
            return $"fault {fault.Id} in force on {server}-faults (expires in {FaultTtl(ctx.Timing).TotalSeconds:0} s at the latest)";
        }) { StartsFault = true };

    public static ChaosActivity ResetFaults(string server) =>
        new($"{server}-faults: remove every fault", async (ctx, ct) =>
        {
            await ctx.System.FaultProxy(server).ResetAsync(ct);
            return $"{server}-faults passes bytes unchanged";
        });

    public static ChaosActivity Kill(string resource) =>
        new($"SIGKILL {resource}", (ctx, _) =>
        {
            var pid = ctx.System.Kill(resource);
            ctx.Remember($"killed:{resource}", new KilledProcess(pid, Stopwatch.StartNew()));
            return Task.FromResult($"pid {pid} killed; the AppHost restarts it");
        }) { StartsFault = true, StartsRecoveryClock = true };

    /// <summary>In-process chaos on <paramref name="caller"/>'s calls to <paramref name="target"/> (<c>PUT /admin/chaos/{target}</c>).</summary>
    public static ChaosActivity ServiceChaos(string caller, string target, object setting, string description) =>
        new($"{caller} → {target}: {description}", async (ctx, ct) =>
        {
            using var request = ctx.Admin(HttpMethod.Put, caller, $"/admin/chaos/{target}", JsonContent.Create(setting));
            using var response = await ctx.Http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {caller}/admin/chaos/{target} answered {(int)response.StatusCode}: {body}");
            return $"{caller} injects on {target}: {body}";
        }) { StartsFault = true };

    /// <summary>How many calls <paramref name="caller"/>'s chaos pipeline for <paramref name="target"/> saw and disturbed
    /// (<c>GET /admin/chaos</c>), remembered for a check: a fault nothing passed through proves nothing.</summary>
    public static ChaosActivity ReadInjections(string caller, string target) =>
        new($"{caller} → {target}: count injections", async (ctx, ct) =>
        {
            using var request = ctx.Admin(HttpMethod.Get, caller, "/admin/chaos");
            using var response = await ctx.Http.SendAsync(request, ct);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var state = json.RootElement.EnumerateArray().FirstOrDefault(e => e.GetProperty("target").GetString() == target);
            var injected = state.ValueKind == System.Text.Json.JsonValueKind.Object
                ? new Injected(state.GetProperty("calls").GetInt32(), state.GetProperty("injections").GetInt32())
                : new Injected(0, 0);
            ctx.Remember(InjectedKey(caller, target), injected);
            return $"{injected.Calls} calls seen, {injected.Injections} disturbed";
        });

    public static string InjectedKey(string caller, string target) => $"injected:{caller}:{target}";

    public static ChaosActivity ClearServiceChaos(string caller) =>
        new($"{caller}: clear /admin/chaos", async (ctx, ct) =>
        {
            using var request = ctx.Admin(HttpMethod.Delete, caller, "/admin/chaos");
            using var response = await ctx.Http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"DELETE {caller}/admin/chaos answered {(int)response.StatusCode}");
            return $"{caller}: no chaos in force";
        });

    /// <summary>The simulated provider's behaviour (<c>PUT /api/payments/behaviour</c>), as the dashboard's "Flaky 50 %" sets it.</summary>
    public static ChaosActivity PaymentsBehaviour(double failureRate, int latencyMs, bool startsFault) =>
        new($"payments: failureRate {failureRate:0.##}, latency {latencyMs} ms", async (ctx, ct) =>
        {
            using var request = ctx.Admin(HttpMethod.Put, "payments", "/api/payments/behaviour", JsonContent.Create(new { failureRate, latencyMs }));
            using var response = await ctx.Http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT payments/api/payments/behaviour answered {(int)response.StatusCode}: {body}");
            return $"payments behaviour now {body}";
        }) { StartsFault = startsFault };
}

/// <summary>What a caller's chaos pipeline for one target saw during the window.</summary>
public sealed record Injected(int Calls, int Injections);

/// <summary>Which process an activity killed, and a clock started at the kill.</summary>
public sealed record KilledProcess(int Pid, Stopwatch SinceKill);
