using System.Globalization;
using System.Text;
using System.Text.Json;
using Reference.Chaos.Experiments.Journal;
using Reference.Chaos.Experiments.Model;

namespace Reference.Chaos.Experiments.Reports;

/// <summary>
/// The share of weight (from <c>weights.json</c>) whose hypothesis held: one number a team can watch
/// go up. Experiments not in the file weigh 1; generated dependency experiments are not scored.
/// </summary>
public static class ResilienceScore
{
    public static IReadOnlyDictionary<string, double> Weights { get; } = Load();

    public static double Of(IEnumerable<ExperimentJournal> journals)
    {
        var scored = journals.Select(j => (Weight: Weights.GetValueOrDefault(j.Experiment, 1), Held: j.Status == ExperimentStatus.Completed)).ToList();
        var total = scored.Sum(s => s.Weight);
        return total == 0 ? 0 : scored.Where(s => s.Held).Sum(s => s.Weight) / total;
    }

    /// <summary>The summary of a run of several experiments: one row each and the score. Written to <c>artifacts/chaos/summary.md</c>.</summary>
    public static string Summary(IReadOnlyList<ExperimentJournal> journals)
    {
        var md = new StringBuilder();
        md.AppendLine("| experiment | status | time to recover | failed checks | weight |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var j in journals)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {j.Experiment} | {j.Status} | {ChaosReportWriter.TimeToRecover(j)} | {Failed(j)} | {Weights.GetValueOrDefault(j.Experiment, 1):0.#} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Resilience score: {Of(journals):P0} of the weight held its hypothesis.");
        return md.ToString();
    }

    private static string Failed(ExperimentJournal j) =>
        j.Checks.Any(c => !c.Passed) ? string.Join("; ", j.Checks.Where(c => !c.Passed).Select(c => c.Name)) : "-";

    private static Dictionary<string, double> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "weights.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}
