using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Load.Tests;

/// <summary>Thresholds against hand-built results, with the real slos.json
/// (browse 99.9 % / 99 % &lt; 200 ms, basket 99.9 % / 250 ms, checkout 99.5 % / 800 ms).</summary>
public class SloThresholdsTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static readonly SloThresholds Slo = SloThresholds.FromDefinition(SloDefinition.Current);

    private static PhaseResult Phase(params StepStatsBuilder[] steps) =>
        PhaseResult.Create("test", TimeSpan.Zero, TimeSpan.FromSeconds(10), 0, steps.Select(s => s.Build(TimeSpan.FromSeconds(10))).ToArray());

    private static StepStatsBuilder HealthyBrowse() => new StepStatsBuilder("browse", "browse").Record(200, 50 * Ms, count: 1000);
    private static StepStatsBuilder HealthyCheckout() => new StepStatsBuilder("checkout", "checkout").Record(201, 300 * Ms, count: 200);

    private static CheckResult Check(Verdict verdict, string name) =>
        verdict.Checks.Single(c => c.Name == name);

    [Fact]
    public void Healthy_phase_passes_every_journey_check_with_measured_values()
    {
        var verdict = Slo.Evaluate(Phase(HealthyBrowse(), HealthyCheckout()));

        Assert.True(verdict.Passed, verdict.ToString());
        Assert.Equal(4, verdict.Checks.Count); // availability + latency for browse and checkout; basket not exercised
        Assert.Contains("100 %", Check(verdict, "browse availability").Measured);
        Assert.Contains("within 200 ms", Check(verdict, "browse latency").Measured);
    }

    [Fact]
    public void Too_many_5xx_fails_availability()
    {
        // 2 errors in 1000 = 99.8 % < 99.9 %.
        var browse = HealthyBrowse().Record(500, 10 * Ms, count: 2);

        var verdict = Slo.Evaluate(Phase(browse));

        Assert.False(verdict.Passed);
        var check = Check(verdict, "browse availability");
        Assert.False(check.Passed);
        Assert.Contains("2 errors in 1002 admitted", check.Measured);
    }

    [Fact]
    public void Timeouts_and_transport_errors_count_against_availability_but_4xx_do_not()
    {
        var withClientErrors = HealthyBrowse().Record(404, 5 * Ms, count: 100);
        Assert.True(Slo.Evaluate(Phase(withClientErrors)).Passed);

        var withTimeouts = HealthyBrowse();
        withTimeouts.Record(Outcome.Timeout, 0, 10_000_000, retryAfter: false);
        withTimeouts.Record(Outcome.TransportError, 0, 1_000, retryAfter: false);
        Assert.False(Check(Slo.Evaluate(Phase(withTimeouts)), "browse availability").Passed);
    }

    [Fact]
    public void Slow_tail_fails_latency_and_a_multiplier_can_allow_it()
    {
        // 2 % of browse requests take 300 ms: only 98 % within 200 ms, but 100 % within 2 x 200 ms.
        var browse = new StepStatsBuilder("browse", "browse").Record(200, 50 * Ms, count: 980).Record(200, 300 * Ms, count: 20);

        var atOneX = Slo.Evaluate(Phase(browse));
        var atTwoX = Slo.WithLatencyMultiplier(2).Evaluate(Phase(browse));

        Assert.False(Check(atOneX, "browse latency").Passed, atOneX.ToString());
        Assert.Contains("98 % within 200 ms", Check(atOneX, "browse latency").Measured);
        Assert.True(Check(atTwoX, "browse latency").Passed, atTwoX.ToString());
        Assert.Contains("400 ms", Check(atTwoX, "browse latency").Objective);
    }

    [Fact]
    public void Shed_requests_are_judged_apart_from_admitted_ones()
    {
        // Half the traffic shed fast with Retry-After; admitted requests are healthy: that is shedding working.
        var browse = HealthyBrowse().Record(503, 2 * Ms, count: 1000, retryAfter: true);

        var verdict = Slo.WithFastShedding(TimeSpan.FromMilliseconds(50)).Evaluate(Phase(browse));

        Assert.True(verdict.Passed, verdict.ToString());
        Assert.Contains("1000 shed", Check(verdict, "browse availability").Measured);
    }

    [Fact]
    public void Slow_shedding_or_shedding_without_retry_after_fails()
    {
        var slow = HealthyBrowse().Record(429, 120 * Ms, count: 100, retryAfter: true);
        var bare = HealthyBrowse().Record(503, 1 * Ms, count: 100, retryAfter: false);
        var thresholds = Slo.WithFastShedding(TimeSpan.FromMilliseconds(50));

        var slowVerdict = thresholds.Evaluate(Phase(slow));
        var bareVerdict = thresholds.Evaluate(Phase(bare));

        Assert.False(Check(slowVerdict, "shedding is fast").Passed);
        Assert.True(Check(slowVerdict, "shed responses carry Retry-After").Passed);
        Assert.True(Check(bareVerdict, "shedding is fast").Passed);
        Assert.False(Check(bareVerdict, "shed responses carry Retry-After").Passed);
        Assert.Contains("100 of 100 without Retry-After", Check(bareVerdict, "shed responses carry Retry-After").Measured);
    }

    [Theory]
    [InlineData(50, 1, true)]    // 1 % of 50 is 0.5, rounded up to one response: one straggler is allowed
    [InlineData(50, 2, false)]   // two of fifty is 4 %
    [InlineData(700, 7, true)]   // exactly 1 %
    [InlineData(700, 9, false)]  // over 1 % (8 allowed: 7 rounded up)
    public void Shedding_is_fast_when_at_most_one_percent_rounded_up_is_slower_than_the_limit(int shed, int slow, bool passes)
    {
        var browse = HealthyBrowse()
            .Record(503, 2 * Ms, count: shed - slow, retryAfter: true)
            .Record(503, 80 * Ms, count: slow, retryAfter: true);

        var check = Check(Slo.WithFastShedding(TimeSpan.FromMilliseconds(50)).Evaluate(Phase(browse)), "shedding is fast");

        Assert.True(check.Passed == passes, check.Measured);
        Assert.Contains($"{slow} slower than 50 ms", check.Measured);
    }

    [Fact]
    public void One_request_slower_than_the_answer_limit_fails_every_request_answered()
    {
        var browse = HealthyBrowse().Record(200, TimeSpan.FromSeconds(3));

        var verdict = Slo.WithAnswerWithin(TimeSpan.FromSeconds(2)).Evaluate(Phase(browse));

        var check = Check(verdict, "every request answered");
        Assert.False(check.Passed);
        Assert.Contains("max 3 s", check.Measured);
    }

    [Fact]
    public void A_journey_that_was_all_shed_fails_rather_than_passing_on_no_data()
    {
        var browse = new StepStatsBuilder("browse", "browse").Record(503, 1 * Ms, count: 10, retryAfter: true);

        var verdict = Slo.Evaluate(Phase(browse));

        Assert.False(verdict.Passed);
        Assert.Contains("nothing admitted", Check(verdict, "browse availability").Measured);
    }

    [Fact]
    public void Verdicts_combine_across_phases_and_print_pass_or_fail_per_check()
    {
        var good = Slo.Evaluate(Phase(HealthyBrowse()));
        var bad = Slo.Evaluate(Phase(HealthyBrowse().Record(500, Ms, count: 10)));

        var combined = Verdict.Combine(good, bad);

        Assert.False(combined.Passed);
        Assert.Equal(good.Checks.Count + bad.Checks.Count, combined.Checks.Count);
        Assert.Contains("FAIL  [test] browse availability", combined.ToString());
        Assert.Contains("PASS  [test] browse latency", combined.ToString());
    }
}
