using Reference.Load.Reconciliation;
using Reference.Load.Thresholds;

namespace Reference.LoadGates;

/// <summary>
/// Overload: twice the measured capacity (a setting, see gatesettings.json) for a short period. Nothing
/// exits, admitted requests keep their SLO, the rest get fast 429/503 with Retry-After, and a 1x tail
/// meets the SLOs again once the recovery allowance has passed.
/// </summary>
public sealed partial class Gates
{
    [Fact, GateOrder(3)]
    public async Task Twice_the_capacity_is_shed_fast_while_admitted_requests_keep_their_SLO()
    {
        var settings = system.Settings;
        var run = new GateRun("overload", system, output);
        var census = ProcessCensus.Take(system);
        var started = DateTimeOffset.UtcNow;

        var result = await run.RunAsync(
        [
            GateRun.Phase(GateRun.WarmUpPhase, settings.OneXRate, settings.WarmUp),
            GateRun.Phase("overload", settings.OverloadRate, settings.Overload),
            GateRun.Phase("recovery", settings.OneXRate, settings.OverloadRecoveryAllowance),
            GateRun.Phase("after", settings.OneXRate, settings.OverloadTail - settings.OverloadRecoveryAllowance),
        ]);

        var orders = await OrderReconciliation.RunAsync(system.OrderingDb, result.AcknowledgedOrders, started);
        var charges = await ChargeReconciliation.RunAsync(system.PaymentsDb, system.OrderingDb, started);
        var verdict = Verdict.Combine(
            Judging.Judge(Judging.Overloaded, result.Phase("overload")),
            Judging.Judge(Judging.Recovering, result.Phase("recovery")),
            Judging.Judge(Judging.OneX, result.Phase("after")),
            new Verdict([census.CompareWith(ProcessCensus.Take(system), "whole run"), .. orders.Checks("whole run"), .. charges.Checks("whole run")]));
        run.Conclude(result, verdict, orders);
    }
}
