namespace Reference.Slos.Prometheus;

/// <summary>
/// One journey's <c>promtool test rules</c> file, generated from the same definition as its rules. Per SLO:
/// each page alert stays quiet after a long window at 1x, fires when the burn exceeds its rate for its long
/// window, clears once the burn has stopped for two short windows; the fastest page stays quiet just below
/// its rate; low traffic (under the minimum events) never pages, however bad, but opens a ticket; the
/// budget left follows the burn.
/// </summary>
/// <remarks>
/// promtool evaluates every rule, the 3-day and 30-day ones too, at each minute of each test: every test costs
/// time on every CI run. Nothing here duplicates what another test already shows. Input series are per minute.
/// </remarks>
public static class RuleTestFile
{
    /// <summary>Requests a minute in the synthetic traffic: well above the minimum events in every window.</summary>
    public const double RequestsPerMinute = 1000;

    /// <summary>"Over the rate" and "just below it" in the tests: 10 % either side of the alert's burn rate.</summary>
    public const double Over = 1.1, Under = 0.9;

    /// <summary>
    /// How often promtool evaluates the rules in a test. The alerts have no <c>for</c>, so a 5-minute step sees
    /// what a 1-minute one does at every checked minute (all multiples of 5); promtool re-evaluates every rule,
    /// the 30-day ones too, per step: 1m took 17 s a journey on CI's two cores, 5m takes 5 s.
    /// </summary>
    public const string EvaluationInterval = "5m";

    public static string For(SloDefinition slos, Journey journey, string ruleFileFromTestFile)
    {
        var yaml = new Yaml()
            .Line(0, RuleFile.Header)
            .Line(0, "rule_files:").Line(1, $"- {ruleFileFromTestFile}")
            .Line(0, $"evaluation_interval: {EvaluationInterval}")
            // As Prometheus runs them: recordings before the alerts that read them, in the same step.
            .Line(0, "group_eval_order:");
        foreach (var group in journey.Objectives.SelectMany(o => RuleFile.GroupNames(slos, o))) yaml.Line(1, "- " + Yaml.Quote(group));
        yaml
            .Line(0, "tests:");
        foreach (var objective in journey.Objectives)
        {
            foreach (var page in Pages(slos)) PageFiresAndClears(yaml, slos, objective, page);
            PageQuietJustBelowItsRate(yaml, slos, objective, Pages(slos).MinBy(p => BurnRateAlert.ParseWindow(p.LongWindow))!);
            LowTrafficNeverPages(yaml, slos, objective);
            BudgetRemaining(yaml, slos, objective);
        }
        return yaml.ToString();
    }

    private static IEnumerable<BurnRateAlert> Pages(SloDefinition slos) => slos.BurnRateAlerts.Where(a => a.Severity == AlertPolicy.PageSeverity);

    private static int Minutes(string window) => (int)BurnRateAlert.ParseWindow(window).TotalMinutes;

    private static double Budget(Objective objective, double burnRate) => burnRate * objective.ErrorBudget;

    private static void PageFiresAndClears(Yaml yaml, SloDefinition slos, Objective objective, BurnRateAlert page)
    {
        int longMinutes = Minutes(page.LongWindow), shortMinutes = Minutes(page.ShortWindow);
        var burn = page.BurnRate * Over;
        Test(yaml, slos, objective,
            $"{objective.Name}: {RuleNames.Alert(page)} is quiet after {page.LongWindow} at 1x, fires after {page.LongWindow} at {Yaml.Number(burn)}x and clears {2 * shortMinutes}m after the burn stops",
            [
                new(longMinutes, RequestsPerMinute, Budget(objective, 1)),
                new(longMinutes, RequestsPerMinute, Budget(objective, burn)),
                new(2 * shortMinutes, RequestsPerMinute, 0),
            ],
            [
                (longMinutes, page, false),
                (2 * longMinutes, page, true),
                (2 * longMinutes + 2 * shortMinutes, page, false),
            ]);
    }

    private static void PageQuietJustBelowItsRate(Yaml yaml, SloDefinition slos, Objective objective, BurnRateAlert page)
    {
        var longMinutes = Minutes(page.LongWindow);
        var burn = page.BurnRate * Under;
        Test(yaml, slos, objective,
            $"{objective.Name}: {RuleNames.Alert(page)} stays quiet at {Yaml.Number(burn)}x for {page.LongWindow}",
            [new(longMinutes, RequestsPerMinute, Budget(objective, 1)), new(longMinutes, RequestsPerMinute, Budget(objective, burn))],
            [(2 * longMinutes, page, false)]);
    }

    /// <summary>Half the requests bad, but fewer a minute than the minimum needs in the widest page's short window.</summary>
    private static void LowTrafficNeverPages(Yaml yaml, SloDefinition slos, Objective objective)
    {
        var minimum = slos.AlertPolicy.MinimumEvents;
        var rate = minimum / (double)Pages(slos).Max(p => Minutes(p.ShortWindow)) / 2;
        var minutes = Pages(slos).Max(p => Minutes(p.LongWindow));
        // A ticket whose short window still holds the minimum fires: slow, quiet traffic that fails is worth a look.
        var tickets = slos.BurnRateAlerts.Where(a => a.Severity != AlertPolicy.PageSeverity)
            .Select(t => (minutes, t, rate * Minutes(t.ShortWindow) >= minimum && Minutes(t.ShortWindow) <= minutes));
        Test(yaml, slos, objective,
            $"{objective.Name}: {Yaml.Number(Math.Round(rate, 2))} requests a minute, half of them bad, never page (minimum {minimum} in the short window)",
            [new(minutes, rate, 0.5)],
            [.. Pages(slos).Select(p => (minutes, p, false)), .. tickets]);
    }

    /// <summary>
    /// Traffic at half the budget's rate leaves half the budget (the period's ratio is the mean of what was seen);
    /// an idle stretch in between has no ratio, so it neither counts nor turns the period's mean into NaN.
    /// </summary>
    private static void BudgetRemaining(Yaml yaml, SloDefinition slos, Objective objective)
    {
        Test(yaml, slos, objective, $"{objective.Name}: 0.5x with 20 idle minutes in between leaves half the error budget",
            [new(30, RequestsPerMinute, Budget(objective, 0.5)), new(20, 0, 0), new(10, RequestsPerMinute, Budget(objective, 0.5))], []);
        yaml.Line(2, "promql_expr_test:")
            // Rounded: the period ratio is a mean of 5m ratios, exact only up to floating point.
            .Pair(3, "- expr", $"round({RuleNames.ErrorBudgetRemaining}{{sloth_id=\"{RuleNames.Id(slos, objective)}\"}}, 0.01)")
            .Line(4, "eval_time: 60m")
            .Line(4, "exp_samples:")
            .Pair(5, "- labels", $"{{{string.Join(", ", RuleNames.WindowLabels(slos, objective, slos.Period).Select(l => $"{l.Key}={Yaml.Quote(l.Value)}"))}}}")
            .Line(6, "value: 0.5");
    }

    private static void Test(Yaml yaml, SloDefinition slos, Objective objective, string name, IReadOnlyList<TrafficPhase> phases,
        IReadOnlyList<(int Minute, BurnRateAlert Alert, bool Firing)> expectations)
    {
        yaml.Pair(1, "- name", name).Line(2, "interval: 1m").Line(2, "input_series:");
        foreach (var (series, values) in Traffic.Series(slos, objective, phases))
        {
            yaml.Pair(3, "- series", series).Pair(4, "values", values);
        }
        if (expectations.Count == 0) return;
        yaml.Line(2, "alert_rule_test:");
        foreach (var (minute, alert, firing) in expectations)
        {
            yaml.Line(3, $"- eval_time: {minute}m").Line(4, $"alertname: {RuleNames.Alert(alert)}");
            if (!firing)
            {
                yaml.Line(4, "exp_alerts: []");
                continue;
            }
            yaml.Line(4, "exp_alerts:").Line(5, "- exp_labels:");
            foreach (var (key, value) in RuleFile.AlertLabels(slos, objective, alert)) yaml.Pair(7, key, value);
            yaml.Map(6, "exp_annotations", RuleFile.AlertAnnotations(slos, objective, alert));
        }
    }
}
