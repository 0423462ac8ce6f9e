using System.Diagnostics;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Probes;
using Reference.Chaos.Experiments.Running;
using Reference.Chaos.FaultProxy.Client;
using Reference.Load.Thresholds;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>DESIGN.md: Postgres accepts, never answers.</summary>
public static class PostgresBlackhole
{
    /// <summary>
    /// The longest a request may wait on a silent database: Npgsql's command timeout, then the cancel request
    /// it sends on a new connection under the connect timeout (both from ServiceDefaults/Data/Postgres.cs),
    /// plus one second for everything around them. A checkout makes several calls; its one deadline (Ordering's
    /// CheckoutOptions, the command timeout) keeps it inside the same bound. The harness gives up at 10 s: an answer after that is a
    /// timeout that did not fire.
    /// </summary>
    private static readonly TimeSpan AnsweredWithin = TimeSpan.FromSeconds(3 + 2 + 1);
    /// <summary>Liveness answers from memory; slower than this means the thread pool is starved.</summary>
    private static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(1);
    private const string Watch = "blackhole-watch";

    public static Experiment Create() => new()
    {
        Name = "postgres-blackhole",
        Title = "Postgres accepts connections and never answers",
        Hypothesis = "Every request is answered within its timeouts' bound (6 s); /alive of every service answers within 1 s (no thread starvation); " +
                     "Ordering's /health says not ready.",
        Method =
        [
            Actions.AddFault("postgres", FaultSpec.Blackhole(), "blackhole: accept, never answer"),
            WatchServices,
        ],
        Rollbacks = [Actions.ResetFaults("postgres")],
        DuringFault = o =>
        [
            AnsweredInBound(o),
            .. Watched(o),
        ],
        RecoverWithin = TimeSpan.FromSeconds(15),
        // Requests that wait for a timeout are errors by design here; only a system answering nothing at all should stop it.
        Safeguard = new Safeguard(0.95, 8),
    };

    /// <summary>Until the fault window is nearly over: poll /alive of every service and Ordering's readiness.</summary>
    private static ChaosActivity WatchServices { get; } = ChaosActivity.Action("watch /alive and Ordering's /health", async (ctx, ct) =>
    {
        var watch = new ServiceWatch();
        var until = Stopwatch.StartNew();
        var window = ctx.Timing.Fault - TimeSpan.FromSeconds(2);
        while (until.Elapsed < window)
        {
            foreach (var service in ctx.System.Services)
            {
                var (status, took) = await HealthProbes.AliveAsync(ctx, service, ct);
                watch.Alive(service, status is System.Net.HttpStatusCode.OK ? took : null);
            }
            var ordering = await HealthProbes.StatusAsync(ctx, "ordering", ct);
            if (ordering != "Healthy" && watch.OrderingNotReadyAfter is null) watch.OrderingNotReadyAfter = until.Elapsed;
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
        ctx.Remember(Watch, watch);
        return $"slowest /alive {watch.Slowest}; Ordering not ready after {watch.OrderingNotReadyAfter?.TotalSeconds:0.0} s";
    });

    private static CheckResult AnsweredInBound(Observation o)
    {
        var t = o.Fault.Total;
        var unanswered = t.Timeouts + t.TransportErrors + t.NotSent;
        return new(o.Fault.Name, "every request answered within its timeout's bound", $"max <= {Ms(AnsweredWithin.TotalMilliseconds)}, none unanswered",
            $"max {Ms(t.Latency.MaxMs)}, {unanswered} unanswered of {t.Count}", unanswered == 0 && t.Latency.MaxMs <= AnsweredWithin.TotalMilliseconds);
    }

    private static IEnumerable<CheckResult> Watched(Observation o)
    {
        var watch = o.Context.Recall<ServiceWatch>(Watch);
        yield return new(o.Fault.Name, "no thread starvation", $"/alive of every service answers within {Ms(AliveWithin.TotalMilliseconds)}",
            watch.Slowest, watch.SlowestAlive is { } slowest && slowest <= AliveWithin && watch.Unanswered == 0);
        yield return new(o.Fault.Name, "/health says not ready", "Ordering's readiness leaves Healthy during the blackhole",
            watch.OrderingNotReadyAfter is { } after ? $"not ready {after.TotalSeconds:0.0} s into the fault" : "stayed Healthy", watch.OrderingNotReadyAfter is not null);
    }

    private sealed class ServiceWatch
    {
        public TimeSpan? SlowestAlive { get; private set; }
        public string SlowestService { get; private set; } = "";
        public int Unanswered { get; private set; }
        public TimeSpan? OrderingNotReadyAfter { get; set; }

        public void Alive(string service, TimeSpan? took)
        {
            if (took is null) { Unanswered++; return; }
            if (SlowestAlive is null || took > SlowestAlive) (SlowestAlive, SlowestService) = (took, service);
        }

        public string Slowest => $"{Ms(SlowestAlive?.TotalMilliseconds ?? 0)} ({SlowestService}); {Unanswered} unanswered";
    }
}
