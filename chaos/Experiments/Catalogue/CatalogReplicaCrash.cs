using System.Net;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using Reference.Load.Thresholds;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>DESIGN.md: SIGKILL one of two Catalog replicas under load.</summary>
public static class CatalogReplicaCrash
{
    private const string Victim = "catalog-1";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(10);
    private const double FailedShareLimit = 0.01;
    private const string ReadyAfter = "replica-ready-after";

    public static Experiment Create() => new()
    {
        Name = "catalog-replica-crash",
        Title = "One of two Catalog replicas SIGKILLed under load",
        Hypothesis = "Under 1 % of requests fail during the event; the AppHost restarts the replica and it is ready again within 10 s.",
        Method = [Actions.Kill(Victim), WaitUntilReady],
        DuringFault = o =>
        [
            FailedShareBelow(o.Fault, FailedShareLimit),
            BackWithin(o),
        ],
        RecoverWithin = TimeSpan.FromSeconds(10),
    };

    /// <summary>Polls the replica's own /health (not the gateway: it would route around it) until it answers 200 again.</summary>
    private static ChaosActivity WaitUntilReady { get; } = ChaosActivity.Action($"wait until {Victim} answers /health", async (ctx, ct) =>
    {
        var kill = ctx.Recall<KilledProcess>($"killed:{Victim}");
        var giveUp = ctx.Timing.Fault - TimeSpan.FromSeconds(1);
        while (kill.SinceKill.Elapsed < giveUp)
        {
            try
            {
                using var response = await ctx.Http.GetAsync(new Uri(ctx.System.Endpoint(Victim), "/health"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ctx.Remember(ReadyAfter, kill.SinceKill.Elapsed);
                    return $"{Victim} ready {kill.SinceKill.Elapsed.TotalSeconds:0.0} s after the kill";
                }
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
        return $"{Victim} not ready {giveUp.TotalSeconds:0} s after the kill";
    });

    private static CheckResult BackWithin(Observation o) => o.Context.TryRecall<TimeSpan>(ReadyAfter, out var after)
        ? new(o.Fault.Name, $"{Victim} ready again", $"within {ReadyWithin.TotalSeconds:0} s of the kill", $"{after.TotalSeconds:0.0} s", after <= ReadyWithin)
        : new(o.Fault.Name, $"{Victim} ready again", $"within {ReadyWithin.TotalSeconds:0} s of the kill", "not ready within the fault window", false);
}
