using System.Text;
using Reference.Chaos.Experiments.Journal;
using Reference.Chaos.Experiments.Model;

namespace Reference.Chaos.Experiments.Reports;

/// <summary>The weak-spot map: for every reference edge, whether +200 ms and a blackhole on it are absorbed.</summary>
public static class EdgeTable
{
    public static string Markdown(IReadOnlyList<ExperimentJournal> journals)
    {
        var md = new StringBuilder();
        md.AppendLine("| edge | fault | degrades gracefully? | time to recover | what broke |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var j in journals)
        {
            var parts = j.Experiment["edge-".Length..];
            var kind = parts[(parts.LastIndexOf('-') + 1)..];
            var edge = parts[..parts.LastIndexOf('-')];
            var held = j.Status == ExperimentStatus.Completed ? "yes" : j.Status == ExperimentStatus.Deviated ? "**no**" : j.Status.ToString();
            var broke = j.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Measured}").DefaultIfEmpty("-");
            md.AppendLine($"| {edge} | {kind} | {held} | {ChaosReportWriter.TimeToRecover(j)} | {string.Join("; ", broke).Replace("|", "\\|", StringComparison.Ordinal)} |");
        }
        return md.ToString();
    }
}
