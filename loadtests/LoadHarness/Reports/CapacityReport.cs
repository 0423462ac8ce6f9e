using System.Text;
using System.Text.Json;
using Reference.Load.Profiles;
using Reference.Load.Stats;

namespace Reference.Load.Reports;

/// <summary>The capacity search as Markdown and JSON, plus the full report of the step that broke.</summary>
public static class CapacityReport
{
    public static string WriteAll(CapacityResult capacity, MachineInfo machine, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "capacity.json"), JsonSerializer.Serialize(new
        {
            machine,
            highestHeldRate = capacity.HighestHeldRate,
            foundLimit = capacity.FoundLimit,
            brokeFirst = capacity.BrokeFirst,
            steps = capacity.Steps.Select(s => new { s.Rate, s.AchievedRate, s.P99Ms, s.Errors, s.Shed, s.Held, checks = s.Verdict.Checks }),
        }, JsonReport.Options));

        var md = new StringBuilder();
        md.AppendLine("# Capacity");
        md.AppendLine();
        md.AppendLine($"- machine: {machine}");
        md.AppendLine($"- {Summary(capacity)}");
        md.AppendLine();
        md.AppendLine("| rate (req/s) | achieved | p99 | errors | shed | held |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in capacity.Steps)
            md.AppendLine($"| {s.Rate:0.#} | {s.AchievedRate:0.#} | {MarkdownReport.Ms(s.P99Ms)} | {s.Errors} | {s.Shed} | {(s.Held ? "yes" : "**no**")} |");
        if (capacity.BrokeFirst.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## What broke first");
            md.AppendLine();
            foreach (var check in capacity.BrokeFirst) md.AppendLine($"- {check.Name}: {check.Measured} (objective: {check.Objective})");
        }
        File.WriteAllText(Path.Combine(directory, "capacity.md"), md.ToString());

        if (capacity.BreakingRun is { } run)
            ReportWriter.WriteAll(run, capacity.Steps[^1].Verdict, Path.Combine(directory, "breaking-step"));
        return Path.Combine(directory, "capacity.md");
    }

    public static string Summary(CapacityResult capacity) => capacity switch
    {
        { FoundLimit: false } => $"nothing broke up to {capacity.Steps[^1].Rate:0.#} req/s (the search's maximum)",
        { HighestHeldRate: null } => $"the first step ({capacity.Steps[0].Rate:0.#} req/s) already broke an SLO",
        _ => $"highest rate that held: {capacity.HighestHeldRate:0.#} req/s; broke at {capacity.Steps[^1].Rate:0.#} req/s",
    };
}
