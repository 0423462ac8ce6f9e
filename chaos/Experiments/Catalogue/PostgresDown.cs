using System.Net;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using Reference.Chaos.FaultProxy.Client;
using Reference.Load.Thresholds;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// DESIGN.md: stop Postgres, start it again. Here through the fault proxy's "down" (new connections
/// refused, open ones reset): to every client that is Postgres stopped, and the server's own state
/// (and data) stays out of the experiment.
/// </summary>
public static class PostgresDown
{
    private static readonly TimeSpan CheckoutRefusedWithin = TimeSpan.FromMilliseconds(100);
    private const string DuringOutage = "checkouts-during-outage";
    private const int HandSentCheckouts = 10;

    public static Experiment Create() => new()
    {
        Name = "postgres-down",
        Title = "Postgres down, then back",
        Hypothesis = "Browse keeps its SLO from the cache (what was browsed before the outage); checkout fails fast (503 + Retry-After, p99 < 100 ms); " +
                     "checkouts retried with the same key after recovery make exactly one order each.",
        Method =
        [
            Checkouts.LearnAProduct,
            CatalogWorkingSet.ReadOnce,
            Actions.AddFault("postgres", FaultSpec.Down(), "down: refuse new connections, reset open ones"),
            ChaosActivity.Wait(TimeSpan.FromSeconds(2), "let the services notice"),
            Checkouts.Send(DuringOutage, HandSentCheckouts),
        ],
        Rollbacks = [Actions.ResetFaults("postgres")],
        Afterwards = [Checkouts.RetriesMakeOneOrderEach(DuringOutage)],
        DuringFault = o =>
        [
            .. KeepsSlo(o.Fault, "browse"),
            .. FailsFast(o.Fault, "checkout", CheckoutRefusedWithin),
            NoUngracefulErrors(o.Fault),
            HandSentRefusedFast(o),
        ],
        RecoverWithin = TimeSpan.FromSeconds(10),
    };

    private static CheckResult HandSentRefusedFast(Observation o)
    {
        var sent = o.Context.Recall<List<Checkouts.Sent>>(DuringOutage);
        var fast = sent.Count(s => s.Status == HttpStatusCode.ServiceUnavailable && s.RetryAfter && s.Took < CheckoutRefusedWithin);
        return new CheckResult(Observation.FaultPhase, "checkout during the outage: 503 + Retry-After, fast",
            $"all {sent.Count} within {CheckoutRefusedWithin.TotalMilliseconds:0} ms", $"{fast} of {sent.Count}: {Checkouts.Summary(sent)}", fast == sent.Count);
    }
}
