using Reference.Load.Thresholds;
using Xunit.Abstractions;

namespace Reference.LoadGates;

/// <summary>Baseline: 1x (50 req/s) of the mixed journey; every SLO of slos.json holds, measured at the client.</summary>
[Collection(LoadGateCollection.Name)]
[Trait("Category", LoadGateCollection.Category)]
[GateOrder(1)]
public sealed class BaselineGate(SystemUnderLoad system, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_SLO_holds_at_1x()
    {
        var settings = system.Settings;
        var run = new GateRun("baseline", system, output);
        var census = ProcessCensus.Take(system.App);

        var result = await run.RunAsync(
        [
            GateRun.Phase(GateRun.WarmUpPhase, settings.OneXRate, settings.WarmUp),
            GateRun.Phase("baseline", settings.OneXRate, settings.Baseline),
        ]);

        var verdict = Verdict.Combine(
            Judging.OneX.Evaluate(result.Phase("baseline")),
            new Verdict([census.CompareWith(ProcessCensus.Take(system.App), "baseline")]));
        run.Conclude(result, verdict);
    }
}
