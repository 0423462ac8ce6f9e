using Reference.Slos.Prometheus;
using Reference.Testing;

namespace Reference.Slos.Tests;

/// <summary>
/// The rules in <c>deploy/prometheus/</c> are what slos.json generates, Prometheus accepts them, and their
/// generated promtool tests pass: each page fires at its burn within its window, stays quiet at 1x and below
/// the traffic minimum, and clears when the burn stops.
/// </summary>
public sealed class PrometheusRulesTests : IDisposable
{
    private static readonly TimeSpan PromtoolDeadline = TimeSpan.FromMinutes(2);
    private static readonly string Committed = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus");

    private readonly DirectoryInfo _generated = Directory.CreateTempSubdirectory("slo-rules-");

    public PrometheusRulesTests() => GeneratedFiles.WriteTo(SloDefinition.Current, _generated.FullName);

    public void Dispose() => _generated.Delete(recursive: true);

    [Fact]
    public void The_committed_rules_and_tests_are_what_the_definition_generates()
    {
        const string regenerate = "regenerate with: dotnet run --project Slos/SloRules";
        var expected = GeneratedFiles.For(SloDefinition.Current);
        foreach (var file in expected)
        {
            var path = Path.Combine(Committed, file.RelativePath);
            Assert.True(File.Exists(path), $"deploy/prometheus/{file.RelativePath} is missing; {regenerate}");
            Assert.True(File.ReadAllText(path) == file.Content, $"deploy/prometheus/{file.RelativePath} is stale (slos.json or the generator changed); {regenerate}");
        }
        var extra = Directory.GetFiles(Committed, "slo-*.yml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Committed, f))
            .Except(expected.Select(f => f.RelativePath.Replace('/', Path.DirectorySeparatorChar)));
        Assert.True(!extra.Any(), $"deploy/prometheus holds files the definition no longer generates: {string.Join(", ", extra)}; {regenerate}");
    }

    [Fact]
    public async Task Promtool_accepts_every_generated_rule_file()
    {
        var ruleFiles = Directory.GetFiles(Path.Combine(_generated.FullName, GeneratedFiles.RulesDirectory), "*.yml").Order().ToArray();
        Assert.Equal(SloDefinition.Current.Journeys.Count, ruleFiles.Length);

        var result = await Promtool.RunAsync(_generated.FullName, PromtoolDeadline, ["check", "rules", .. ruleFiles]);

        Assert.True(result.ExitCode == 0, $"promtool check rules failed, {result}");
        var rulesPerJourney = SloDefinition.Current.Journeys[0].Objectives.Count
            * (SloDefinition.Current.AlertWindows.Count + 1 + 4 /* events per short window */ + 6 /* meta */ + SloDefinition.Current.BurnRateAlerts.Count);
        Assert.Contains($"SUCCESS: {rulesPerJourney} rules found", result.Output);
    }

    /// <summary>The three journeys' test files run side by side: each takes seconds of promtool's time.</summary>
    [Fact]
    public async Task Every_journeys_generated_promtool_tests_pass()
    {
        var testFiles = Directory.GetFiles(Path.Combine(_generated.FullName, GeneratedFiles.TestsDirectory), "*.yml").Order().ToArray();
        Assert.Equal(SloDefinition.Current.Journeys.Count, testFiles.Length);

        var results = await Task.WhenAll(testFiles.Select(file => Promtool.RunAsync(_generated.FullName, PromtoolDeadline, "test", "rules", file)));

        foreach (var (file, result) in testFiles.Zip(results))
        {
            Assert.True(result.ExitCode == 0, $"promtool test rules {Path.GetFileName(file)} failed, {result}");
            Assert.Contains("SUCCESS", result.Output);
        }
    }
}
