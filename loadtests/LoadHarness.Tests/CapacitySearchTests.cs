using Reference.Load.Profiles;
using Reference.Load.Scenarios;
using Reference.Slos;

namespace Reference.Load.Tests;

[Collection(LoadCollection.Name)]
public class CapacitySearchTests
{
    [Fact]
    public async Task Steps_up_until_shedding_starts_and_reports_the_highest_rate_that_held()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.AdmitPerSecond = 100; // sheds above 100 req/s: 50 holds with a wide margin, 150 cannot

        var capacity = await CapacitySearch.RunAsync(MixedJourney.Create(gateway.BaseAddress), new CapacityOptions
        {
            Start = 50,
            Step = 100,
            Max = 450,
            StepDuration = TimeSpan.FromSeconds(2),
            WarmUp = TimeSpan.FromSeconds(1),
        }, OnlyShedding);

        Assert.True(capacity.FoundLimit, string.Join("\n", capacity.Steps.Select(s => $"{s.Rate}: {s.Verdict}")));
        var steps = string.Join("\n", capacity.Steps.Select(s => $"{s.Rate}: {string.Join("; ", s.Verdict.Failures.Select(f => $"{f.Name} {f.Measured}"))}"));
        Assert.True(capacity.HighestHeldRate == 50, $"expected 50 req/s to be the highest that held; steps:\n{steps}");
        Assert.Equal(150, capacity.Steps[^1].Rate);
        Assert.Contains(capacity.BrokeFirst, check => check.Name == "little is shed");
        Assert.NotNull(capacity.BreakingRun);
    }

    /// <summary>
    /// The real objectives with latency thresholds no loopback request misses: this test is about the
    /// search (step up, stop at the first broken check, report the last rate that held), so a
    /// scheduler stall on a busy CI machine must not break a 2-second step before shedding does.
    /// </summary>
    private static readonly SloDefinition OnlyShedding = SloDefinition.Current with
    {
        Journeys = SloDefinition.Current.Journeys
            .Select(j => j with { Latency = j.Latency with { ThresholdMs = 10_000 } })
            .ToList(),
    };
}
