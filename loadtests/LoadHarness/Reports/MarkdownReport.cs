using System.Globalization;
using System.Text;
using Reference.Load.Stats;
using Reference.Load.Thresholds;

namespace Reference.Load.Reports;

/// <summary>The run as Markdown: verdict first, then phases, steps and journeys.</summary>
public static class MarkdownReport
{
    public static string Render(RunResult result, Verdict verdict)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Load report: {result.Scenario} — {(verdict.Checks.Count == 0 ? "measured" : verdict.Passed ? "PASS" : "FAIL")}");
        md.AppendLine();
        md.AppendLine($"- target: `{result.Target}`");
        md.AppendLine($"- started: {result.StartedAt:u}, ran {result.Duration.TotalSeconds:0.0} s");
        md.AppendLine($"- machine: {result.Machine}");
        md.AppendLine($"- acknowledged orders: {result.AcknowledgedOrders.Count}");
        md.AppendLine("- latency is measured from each request's *intended* start (open model, no coordinated omission)");
        md.AppendLine();
        md.AppendLine("Simulations:");
        foreach (var simulation in result.Simulations) md.AppendLine($"- {simulation}");
        md.AppendLine();

        md.AppendLine("## Verdict");
        md.AppendLine();
        if (verdict.Checks.Count == 0) md.AppendLine("No thresholds were evaluated.");
        else
        {
            md.AppendLine("| | phase | check | measured | objective |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var check in verdict.Checks)
                md.AppendLine($"| {(check.Passed ? "PASS" : "**FAIL**")} | {check.Phase} | {check.Name} | {check.Measured} | {check.Objective} |");
        }
        md.AppendLine();

        md.AppendLine("## Phases");
        md.AppendLine();
        md.AppendLine("| phase | start | duration | target req/s | served req/s | requests | errors | shed | p50 | p90 | p99 | p99.9 | max | send lag p99 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var phase in result.Phases.Append(result.Overall))
        {
            var t = phase.Total;
            md.AppendLine($"| {phase.Name} | {phase.Start.TotalSeconds:0} s | {phase.Duration.TotalSeconds:0} s | {phase.TargetRate:0.#} | {phase.Throughput:0.#} | {t.Count} | {t.Errors} | {t.Shed} | {Ms(t.Latency.P50Ms)} | {Ms(t.Latency.P90Ms)} | {Ms(t.Latency.P99Ms)} | {Ms(t.Latency.P999Ms)} | {Ms(t.Latency.MaxMs)} | {Ms(phase.SendLag.P99Ms)} |");
        }
        md.AppendLine();

        foreach (var phase in result.Phases)
        {
            md.AppendLine($"### {phase.Name}: steps");
            md.AppendLine();
            md.AppendLine("| step | journey | requests | req/s | ok | 4xx | errors | shed (no Retry-After) | admitted p50 | p90 | p99 | p99.9 | max | shed p99 | status codes |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var s in phase.Steps)
            {
                var a = s.AdmittedLatency;
                md.AppendLine($"| {s.Name} | {s.Journey ?? "-"} | {s.Count} | {s.AchievedRate:0.#} | {s.Ok} | {s.ClientErrors} | {s.Errors} | {s.Shed} ({s.ShedWithoutRetryAfter}) | {Ms(a.P50Ms)} | {Ms(a.P90Ms)} | {Ms(a.P99Ms)} | {Ms(a.P999Ms)} | {Ms(a.MaxMs)} | {Ms(s.ShedLatency.P99Ms)} | {Codes(s)} |");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    internal static string Codes(StepStats stats) => string.Join(", ", stats.StatusCodes.Select(kv => $"{kv.Key}: {kv.Value}"));

    internal static string Ms(double ms) => SloThresholds.Ms(ms);
}
