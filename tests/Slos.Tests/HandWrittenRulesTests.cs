using System.Text.RegularExpressions;
using Reference.Testing;

namespace Reference.Slos.Tests;

/// <summary>
/// The alert rules written by hand in <c>deploy/prometheus/rules/</c> (not generated from slos.json: alerts on
/// workers' outcomes, such as Ordering's dead letters): Prometheus accepts them, their promtool tests pass, and
/// every runbook they link exists.
/// </summary>
public sealed class HandWrittenRulesTests
{
    private static readonly TimeSpan PromtoolDeadline = TimeSpan.FromMinutes(2);
    private static readonly string Committed = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus");

    private static string[] RuleFiles() =>
        [.. Directory.GetFiles(Path.Combine(Committed, "rules"), "*.yml").Where(f => !Path.GetFileName(f).StartsWith("slo-", StringComparison.Ordinal)).Order()];

    [Fact]
    public async Task Each_hand_written_rule_file_passes_promtool_check_and_its_own_promtool_test()
    {
        var files = RuleFiles();
        Assert.Contains(Path.Combine(Committed, "rules", "ordering-dead-letters.rules.yml"), files);

        foreach (var file in files)
        {
            var check = await Promtool.RunAsync(Committed, PromtoolDeadline, "check", "rules", file);
            Assert.True(check.ExitCode == 0, $"promtool check rules {Path.GetFileName(file)} failed, {check}");

            var test = Path.Combine(Committed, "tests", Path.GetFileName(file).Replace(".rules.yml", ".test.yml", StringComparison.Ordinal));
            Assert.True(File.Exists(test), $"{Path.GetFileName(file)} has no promtool test at deploy/prometheus/tests/{Path.GetFileName(test)}");
            var result = await Promtool.RunAsync(Path.GetDirectoryName(test)!, PromtoolDeadline, "test", "rules", Path.GetFileName(test));
            Assert.True(result.ExitCode == 0, $"promtool test rules {Path.GetFileName(test)} failed, {result}");
        }
    }

    [Fact]
    public void Every_hand_written_alert_links_a_runbook_that_exists()
    {
        foreach (var file in RuleFiles())
        {
            var text = File.ReadAllText(file);
            var alerts = Regex.Matches(text, @"- alert: (\S+)").Count;
            var runbooks = Regex.Matches(text, "runbook_url: \"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.True(alerts > 0 && runbooks.Count == alerts, $"{Path.GetFileName(file)}: {alerts} alerts, {runbooks.Count} runbook_url annotations");
            foreach (var runbook in runbooks)
            {
                Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, runbook)), $"{Path.GetFileName(file)} links {runbook}, which does not exist");
            }
        }
    }
}
