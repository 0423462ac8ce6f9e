using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using Reference.Load.Thresholds;

namespace Reference.Chaos.Experiments.Probes;

/// <summary>Probes of the services' own health endpoints, straight to each replica (not through the gateway).</summary>
public static class HealthProbes
{
    /// <summary>How long "every service Healthy" may take to become true after a recovery (breakers half-open, pools refill).</summary>
    public static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(15);

    /// <summary>Every service answers <c>/health</c> 200 with status Healthy (Degraded is ready, but not the steady state).</summary>
    public static Probe EveryServiceHealthy { get; } = new("every service Healthy", async (ctx, ct) =>
    {
        var clock = Stopwatch.StartNew();
        Dictionary<string, string> last = [];
        while (true)
        {
            last = [];
            foreach (var service in ctx.System.Services) last[service] = await StatusAsync(ctx, service, ct);
            if (last.Values.All(s => s == "Healthy") || clock.Elapsed > SettleWithin) break;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
        var unhealthy = last.Where(s => s.Value != "Healthy").Select(s => $"{s.Key}: {s.Value}").ToList();
        return [new CheckResult("steady state", "every service Healthy", $"/health of every service says Healthy (within {SettleWithin.TotalSeconds:0} s)",
            unhealthy.Count == 0 ? $"{last.Count} services Healthy after {clock.Elapsed.TotalSeconds:0.0} s" : string.Join("; ", unhealthy),
            unhealthy.Count == 0)];
    });

    /// <summary>The service's readiness as it reports it: Healthy, Degraded, Unhealthy, or what went wrong asking.</summary>
    public static async Task<string> StatusAsync(ExperimentContext ctx, string service, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await ctx.Http.GetAsync(new Uri(ctx.System.Endpoint(service), "/health"), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.GetProperty("status").GetString() ?? $"{(int)response.StatusCode}";
            }
            catch (JsonException)
            {
                return $"{(int)response.StatusCode} (not JSON)";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return ex is OperationCanceledException ? "no answer in 5 s" : $"unreachable ({ex.Message})";
        }
    }

    /// <summary>How long <c>/alive</c> (liveness: no dependency) takes: slow means threads are starved.</summary>
    public static async Task<(HttpStatusCode? Status, TimeSpan Took)> AliveAsync(ExperimentContext ctx, string service, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await ctx.Http.GetAsync(new Uri(ctx.System.Endpoint(service), "/alive"), timeout.Token);
            return (response.StatusCode, clock.Elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (null, clock.Elapsed);
        }
    }
}
