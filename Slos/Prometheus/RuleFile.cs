namespace Reference.Slos.Prometheus;

/// <summary>
/// One journey's Prometheus rule file, in Sloth's shape: per SLO a group of SLI recordings (error ratio per
/// alert window and over the period, requests per short window), a group of metadata (objective, budget,
/// burn rates, budget remaining) and a group of the multi-window multi-burn-rate alerts.
/// </summary>
public static class RuleFile
{
    public const string Header = "# Generated from Slos/slos.json by `dotnet run --project Slos/SloRules`. Do not edit: change slos.json and regenerate.";

    public static string For(SloDefinition slos, Journey journey)
    {
        var yaml = new Yaml().Line(0, Header).Line(0, "groups:");
        foreach (var objective in journey.Objectives)
        {
            SliRecordings(yaml, slos, objective);
            MetaRecordings(yaml, slos, objective);
            Alerts(yaml, slos, objective);
        }
        return yaml.ToString();
    }

    /// <summary>One SLO's groups in evaluation order: SLI recordings, metadata, alerts.</summary>
    public static IReadOnlyList<string> GroupNames(SloDefinition slos, Objective objective) =>
        [.. new[] { "sli-recordings", "meta-recordings", "alerts" }.Select(kind => $"slo-{kind}-{RuleNames.Id(slos, objective)}")];

    private static void SliRecordings(Yaml yaml, SloDefinition slos, Objective objective)
    {
        yaml.Pair(1, "- name", GroupNames(slos, objective)[0]).Line(2, "rules:");
        foreach (var window in slos.AlertWindows)
        {
            Record(yaml, RuleNames.ErrorRatio(window), SliQueries.ErrorRatio(slos.Sli, objective, window), RuleNames.WindowLabels(slos, objective, window));
        }
        // The period's ratio as Sloth computes it: the mean of the 5m ratios, cheap to evaluate over 30 days.
        var shortest = slos.AlertWindows[0];
        var selector = $"{{sloth_id=\"{RuleNames.Id(slos, objective)}\", sloth_window=\"{shortest}\"}}";
        Record(yaml, RuleNames.ErrorRatio(slos.Period), SliQueries.Lines(
                $"sum_over_time({RuleNames.ErrorRatio(shortest)}{selector}[{slos.Period}])",
                "/ ignoring (sloth_window)",
                $"count_over_time({RuleNames.ErrorRatio(shortest)}{selector}[{slos.Period}])"),
            RuleNames.WindowLabels(slos, objective, slos.Period));
        foreach (var window in slos.BurnRateAlerts.Select(a => a.ShortWindow).Distinct().OrderBy(BurnRateAlert.ParseWindow))
        {
            Record(yaml, RuleNames.Events(window), SliQueries.Events(slos.Sli, objective, window), RuleNames.WindowLabels(slos, objective, window));
        }
    }

    private static void MetaRecordings(Yaml yaml, SloDefinition slos, Objective objective)
    {
        var id = $"{{sloth_id=\"{RuleNames.Id(slos, objective)}\"}}";
        var labels = RuleNames.SloLabels(slos, objective);
        yaml.Pair(1, "- name", GroupNames(slos, objective)[1]).Line(2, "rules:");
        Record(yaml, RuleNames.Objective, $"vector({Yaml.Number(objective.Target)})", labels);
        Record(yaml, RuleNames.ErrorBudget, $"vector({Yaml.Number(objective.ErrorBudget)})", labels);
        Record(yaml, RuleNames.PeriodDays, $"vector({slos.WindowDays})", labels);
        Record(yaml, RuleNames.CurrentBurnRate, SliQueries.Lines(
            $"{RuleNames.ErrorRatio(slos.AlertWindows[0])}{id}",
            "/ on (sloth_id, sloth_slo, sloth_service) group_left",
            $"{RuleNames.ErrorBudget}{id}"), labels);
        Record(yaml, RuleNames.PeriodBurnRate, SliQueries.Lines(
            $"{RuleNames.ErrorRatio(slos.Period)}{id}",
            "/ on (sloth_id, sloth_slo, sloth_service) group_left",
            $"{RuleNames.ErrorBudget}{id}"), labels);
        // 1 = untouched, 0 = spent, below 0 = overspent; docs/slos.md's policy reads this series.
        Record(yaml, RuleNames.ErrorBudgetRemaining, $"1 - {RuleNames.PeriodBurnRate}{id}", labels);
    }

    private static void Alerts(Yaml yaml, SloDefinition slos, Objective objective)
    {
        yaml.Pair(1, "- name", GroupNames(slos, objective)[2]).Line(2, "rules:");
        foreach (var alert in slos.BurnRateAlerts)
        {
            yaml.Line(2, $"- alert: {RuleNames.Alert(alert)}")
                .Block(3, "expr", AlertExpression(slos, objective, alert))
                .Map(3, "labels", AlertLabels(slos, objective, alert))
                .Map(3, "annotations", AlertAnnotations(slos, objective, alert));
        }
    }

    /// <summary>
    /// Both windows above the burn rate (the long one: it is significant; the short one: it is still
    /// happening), and enough requests in the short window that the ratio means something.
    /// </summary>
    public static string AlertExpression(SloDefinition slos, Objective objective, BurnRateAlert alert)
    {
        var id = $"{{sloth_id=\"{RuleNames.Id(slos, objective)}\"}}";
        var threshold = $"({Yaml.Number(alert.BurnRate)} * {Yaml.Number(objective.ErrorBudget)})";
        return SliQueries.Lines(
            "(",
            $"  max({RuleNames.ErrorRatio(alert.ShortWindow)}{id} > {threshold}) without (sloth_window)",
            "  and",
            $"  max({RuleNames.ErrorRatio(alert.LongWindow)}{id} > {threshold}) without (sloth_window)",
            ")",
            "and",
            $"max({RuleNames.Events(alert.ShortWindow)}{id} >= {slos.AlertPolicy.MinimumEvents}) without (sloth_window)");
    }

    /// <summary>The SLO's labels (also on the series the expression keeps) and the severity a router pages or tickets on.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> AlertLabels(SloDefinition slos, Objective objective, BurnRateAlert alert) =>
        [.. RuleNames.SloLabels(slos, objective), new("severity", alert.Severity), new("sloth_severity", alert.Severity)];

    public static IReadOnlyList<KeyValuePair<string, string>> AlertAnnotations(SloDefinition slos, Objective objective, BurnRateAlert alert)
    {
        var badShare = alert.BurnRate * objective.ErrorBudget * 100;
        var budgetLasts = TimeSpan.FromDays(slos.WindowDays) / alert.BurnRate;
        return
        [
            new("summary", $"{objective.Journey.Name} {objective.Sli}: error budget burning at over {Yaml.Number(alert.BurnRate)}x ({alert.LongWindow} and {alert.ShortWindow})"),
            new("description", $"Over both the last {alert.LongWindow} and the last {alert.ShortWindow}, more than {Yaml.Number(Math.Round(badShare, 4))} % of " +
                $"{objective.Journey.Name} requests were bad ({Describe(objective)}); at this rate the {slos.WindowDays}-day budget lasts {Hours(budgetLasts)}."),
            new("runbook_url", slos.AlertPolicy.RunbookUrl(alert)),
        ];
    }

    private static string Describe(Objective objective) => objective.Sli == Objective.LatencySli
        ? $"slower than {Yaml.Number(objective.Journey.Latency.ThresholdMs)} ms"
        : "5xx";

    private static string Hours(TimeSpan span) => span.TotalHours < 48 ? $"{Math.Round(span.TotalHours, 1)} h" : $"{Math.Round(span.TotalDays, 1)} days";

    private static void Record(Yaml yaml, string name, string expression, IEnumerable<KeyValuePair<string, string>> labels)
    {
        yaml.Line(2, $"- record: {name}");
        if (expression.Contains('\n')) yaml.Block(3, "expr", expression);
        else yaml.Pair(3, "expr", expression);
        yaml.Map(3, "labels", labels);
    }
}
