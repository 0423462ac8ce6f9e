using Reference.Load.Reconciliation;
using Reference.Load.Thresholds;

namespace Reference.LoadGates;

/// <summary>
/// 10x spike: 1x, then 10x, then 1x. No process exits, every request answered within 2 s, admitted
/// requests keep availability and 2x the latency objective, the excess is shed fast with Retry-After,
/// no order is lost or duplicated, and the 1x SLOs hold again once the recovery allowance has passed
/// (the final 1x phase is judged as "recovery" — the allowance — and "after", the rest).
/// </summary>
public sealed partial class Gates
{
    [Fact, GateOrder(2)]
    public async Task A_10x_spike_is_shed_fast_without_losing_orders_and_the_system_recovers()
    {
        var settings = system.Settings;
        var run = new GateRun("spike", system, output);
        var census = ProcessCensus.Take(system);
        var started = DateTimeOffset.UtcNow;

        var result = await run.RunAsync(
        [
            GateRun.Phase(GateRun.WarmUpPhase, settings.OneXRate, settings.WarmUp),
            GateRun.Phase("before", settings.OneXRate, settings.BeforeSpike),
            GateRun.Phase("spike", settings.SpikeRate, settings.Spike),
            GateRun.Phase("recovery", settings.OneXRate, settings.RecoveryAllowance),
            GateRun.Phase("after", settings.OneXRate, settings.AfterSpike - settings.RecoveryAllowance),
        ]);

        var orders = await OrderReconciliation.RunAsync(system.OrderingDb, result.AcknowledgedOrders, started);
        var charges = await ChargeReconciliation.RunAsync(system.PaymentsDb, system.OrderingDb, started);
        var verdict = Verdict.Combine(
            Judging.Judge(Judging.OneX, result.Phase("before")),
            Judging.Judge(Judging.TenX, result.Phase("spike")),
            Judging.Judge(Judging.Recovering, result.Phase("recovery")),
            Judging.Judge(Judging.OneX, result.Phase("after")),
            new Verdict([census.CompareWith(ProcessCensus.Take(system), "whole run"), .. orders.Checks("whole run"), .. charges.Checks("whole run")]));
        run.Conclude(result, verdict, orders);
    }
}
