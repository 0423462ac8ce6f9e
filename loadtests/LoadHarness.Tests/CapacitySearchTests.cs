using Reference.Load.Profiles;
using Reference.Load.Scenarios;

namespace Reference.Load.Tests;

[Collection(LoadCollection.Name)]
public class CapacitySearchTests
{
    [Fact]
    public async Task Steps_up_until_shedding_starts_and_reports_the_highest_rate_that_held()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.AdmitPerSecond = 130; // sheds above ~130 req/s

        var capacity = await CapacitySearch.RunAsync(MixedJourney.Create(gateway.BaseAddress), new CapacityOptions
        {
            Start = 50,
            Step = 50,
            Max = 400,
            StepDuration = TimeSpan.FromSeconds(2),
            WarmUp = TimeSpan.FromSeconds(1),
        });

        Assert.True(capacity.FoundLimit, string.Join("\n", capacity.Steps.Select(s => $"{s.Rate}: {s.Verdict}")));
        Assert.Equal(100, capacity.HighestHeldRate);
        Assert.Equal(150, capacity.Steps[^1].Rate);
        Assert.Contains(capacity.BrokeFirst, check => check.Name == "little is shed");
        Assert.NotNull(capacity.BreakingRun);
    }
}
