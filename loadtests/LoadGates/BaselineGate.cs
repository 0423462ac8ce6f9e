using Reference.Load.Thresholds;

namespace Reference.LoadGates;

/// <summary>Baseline: 1x (50 req/s) of the mixed journey; every SLO of slos.json holds, measured at the client.</summary>
public sealed partial class Gates
{
    [Fact, GateOrder(1)]
    public async Task Every_SLO_holds_at_1x()
    {
        var settings = system.Settings;
        var run = new GateRun("baseline", system, output);
        var census = ProcessCensus.Take(system);

        var result = await run.RunAsync(
        [
            GateRun.Phase(GateRun.WarmUpPhase, settings.OneXRate, settings.WarmUp),
            GateRun.Phase("baseline", settings.OneXRate, settings.Baseline),
        ]);

        var verdict = Verdict.Combine(
            Judging.Judge(Judging.OneX, result.Phase("baseline")),
            new Verdict([census.CompareWith(ProcessCensus.Take(system), "baseline")]));
        run.Conclude(result, verdict);
    }
}
