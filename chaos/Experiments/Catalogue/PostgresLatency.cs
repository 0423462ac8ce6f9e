using Reference.Chaos.Experiments.Model;
using Reference.Chaos.FaultProxy.Client;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>DESIGN.md: +200 ms on every Postgres round trip (fault proxy).</summary>
public static class PostgresLatency
{
    private static readonly TimeSpan AddedLatency = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CheckoutP99Below = TimeSpan.FromSeconds(2);

    public static Experiment Create() => new()
    {
        Name = "postgres-latency",
        Title = "+200 ms on every Postgres round trip",
        Hypothesis = "Browse keeps its SLO from the cache (what was browsed before); checkout p99 stays under 2 s; no circuit breaker flaps (closes and opens again).",
        Method =
        [
            BreakerProbes.CountOpenings,
            CatalogWorkingSet.ReadOnce,
            // Downstream only: "both" would add the latency twice per round trip.
            Actions.AddFault("postgres", FaultSpec.Latency(AddedLatency) with { Direction = FaultDirection.Downstream }, "+200 ms per round trip"),
        ],
        Rollbacks = [Actions.ResetFaults("postgres")],
        Afterwards = [BreakerProbes.NoBreakerFlapped],
        DuringFault = o =>
        [
            .. KeepsSlo(o.Fault, "browse"),
            P99Below(o.Fault, "checkout", CheckoutP99Below),
            NoUngracefulErrors(o.Fault),
        ],
        RecoverWithin = TimeSpan.FromSeconds(10),
    };
}
