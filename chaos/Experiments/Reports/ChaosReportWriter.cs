using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reference.Chaos.Experiments.Journal;
using Reference.Load.Reports;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Reports;

/// <summary>
/// Writes <c>journal.json</c>, <c>report.md</c> and a self-contained <c>report.html</c> (inline SVG, no
/// scripts) for one experiment run into <c>artifacts/chaos/&lt;experiment&gt;/</c>.
/// </summary>
public static class ChaosReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public sealed record Files(string Json, string Markdown, string Html);

    public static Files Write(ExperimentJournal journal, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new Files(Path.Combine(directory, "journal.json"), Path.Combine(directory, "report.md"), Path.Combine(directory, "report.html"));
        File.WriteAllText(files.Json, JsonSerializer.Serialize(journal, Json));
        File.WriteAllText(files.Markdown, Markdown(journal));
        File.WriteAllText(files.Html, Html(journal));
        return files;
    }

    public static string Markdown(ExperimentJournal j)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {j.Experiment}: {j.Title}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**{j.Status}** — {j.Reason}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Hypothesis: {j.Hypothesis}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Time to recover: {TimeToRecover(j)} (objective {j.RecoverWithinSeconds:0} s)");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Profile {j.Profile}: steady state {j.Timing.SteadyState.TotalSeconds:0} s, fault {j.Timing.Fault.TotalSeconds:0} s, recovery {j.Timing.Recovery.TotalSeconds:0} s at {j.Timing.Rate:0} req/s");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Started {j.StartedAt:u}; load average {j.LoadAverageBefore} before, {j.LoadAverageAfter} after");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Runbook: [{j.Runbook}](../../../{j.Runbook})");
        md.AppendLine();
        md.AppendLine("## Checks");
        md.AppendLine("| | where | check | measured | objective |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var c in j.Checks) md.AppendLine(CultureInfo.InvariantCulture, $"| {(c.Passed ? "PASS" : "FAIL")} | {c.Phase} | {c.Name} | {Cell(c.Measured)} | {Cell(c.Objective)} |");
        md.AppendLine();
        md.AppendLine("## Load by phase");
        md.AppendLine(PhaseTable(j));
        md.AppendLine("## Timeline");
        md.AppendLine("| at (s) | kind | part | name | result |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var e in j.Entries.OrderBy(e => e.Start))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {e.Start:0.0}–{e.End:0.0} | {e.Kind} | {e.Part} | {Cell(e.Name)} | {(e.Succeeded ? "" : "**failed** ")}{Cell(e.Output)} |");
        md.AppendLine();
        md.AppendLine("## Failed requests (open a trace id in the Aspire dashboard: Traces, search by trace id)");
        if (j.FailedRequests.Count == 0) md.AppendLine("None.");
        else
        {
            md.AppendLine("| second | phase | step | status | latency | trace id | said |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var f in j.FailedRequests.Take(20))
                md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Second} | {f.Phase} | {f.Step} | {f.Status} | {Ms(f.LatencyMs)} | `{f.TraceId}` | {Cell(f.Said ?? "")} |");
        }
        return md.ToString();
    }

    public static string PhaseTable(ExperimentJournal j)
    {
        var md = new StringBuilder();
        md.AppendLine("| phase | requests | errors | shed | browse served | browse p99 | basket served | basket p99 | checkout served | checkout p99 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in j.Phases)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Phase} | {p.Requests} | {p.Errors} | {p.Shed} | {Percent(p.BrowseServed)} | {Ms(p.BrowseP99Ms)} | {Percent(p.BasketServed)} | {Ms(p.BasketP99Ms)} | {Percent(p.CheckoutServed)} | {Ms(p.CheckoutP99Ms)} |");
        return md.ToString();
    }

    public static string TimeToRecover(ExperimentJournal j) => j.TimeToRecoverSeconds is { } s ? $"{s:0.#} s" : "not measured (no recovery)";

    private static string Html(ExperimentJournal j)
    {
        var bands = j.Bands.Select(b => new SvgChart.Band(b.Phase, b.From, b.To)).ToList();
        if (j.FaultStartedAt is { } from)
            bands.Add(new SvgChart.Band("fault in force", from, j.RecoveryClockStartedAt ?? from, "#f8d7d3"));
        var markers = j.Entries.Where(e => e.Kind is "action" or "rollback" or "safeguard")
            .Select(e => new SvgChart.Marker(Shorten(e.Name), e.End)).ToList();
        var seconds = Densify(j.Timeline);

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{E(j.Experiment)}</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}.PASS{color:#171}.FAIL{color:#b11;font-weight:bold}code{font-size:12px}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(j.Experiment)}: {E(j.Title)}</h1><p><b>{j.Status}</b> — {E(j.Reason)}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Hypothesis: {E(j.Hypothesis)}<br>Time to recover: <b>{E(TimeToRecover(j))}</b> (objective {j.RecoverWithinSeconds:0} s). Load average {E(j.LoadAverageBefore)} before, {E(j.LoadAverageAfter)} after. Runbook: <code>{E(j.Runbook)}</code></p>");
        html.Append(SvgChart.Render("Requests per second (started)", "req/s", [new("requests", "#36c", seconds.Select(s => (double)s.Requests).ToList())], bands, markers));
        html.Append(SvgChart.Render("p99 latency per second", "ms", [new("p99", "#c63", seconds.Select(s => s.P99Ms).ToList())], bands, markers));
        html.Append(SvgChart.Render("Errors and shed per second", "req/s",
            [new("errors", "#b11", seconds.Select(s => (double)s.Errors).ToList()), new("shed (429/503)", "#e90", seconds.Select(s => (double)s.Shed).ToList())], bands, markers));
        html.Append("<h2>Checks</h2><table><tr><th></th><th>where</th><th>check</th><th>measured</th><th>objective</th></tr>");
        foreach (var c in j.Checks)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"{(c.Passed ? "PASS" : "FAIL")}\">{(c.Passed ? "PASS" : "FAIL")}</td><td>{E(c.Phase)}</td><td>{E(c.Name)}</td><td>{E(c.Measured)}</td><td>{E(c.Objective)}</td></tr>");
        html.Append("</table><h2>Timeline</h2><table><tr><th>at (s)</th><th>kind</th><th>name</th><th>result</th></tr>");
        foreach (var e in j.Entries.OrderBy(e => e.Start))
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Start:0.0}–{e.End:0.0}</td><td>{E(e.Kind)}</td><td>{E(e.Name)}</td><td class=\"{(e.Succeeded ? "" : "FAIL")}\">{E(e.Output)}</td></tr>");
        html.Append("</table><h2>Failed requests</h2><p>Open a trace id in the Aspire dashboard (Traces, search by trace id).</p><table><tr><th>second</th><th>phase</th><th>step</th><th>status</th><th>latency</th><th>trace id</th><th>said</th></tr>");
        foreach (var f in j.FailedRequests.Take(50))
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{f.Second}</td><td>{E(f.Phase)}</td><td>{E(f.Step)}</td><td>{E(f.Status)}</td><td>{E(Ms(f.LatencyMs))}</td><td><code>{E(f.TraceId)}</code></td><td>{E(f.Said ?? "")}</td></tr>");
        html.Append("</table></body></html>");
        return html.ToString();
    }

    /// <summary>The runs leave gaps (probes between them); the chart wants one value per second of the experiment.</summary>
    private static List<TimelineSecond> Densify(IReadOnlyList<TimelineSecond> timeline)
    {
        var end = timeline.Count == 0 ? 0 : (int)Math.Ceiling(timeline.Max(t => t.At)) + 1;
        var byWholeSecond = timeline.GroupBy(t => (int)Math.Floor(t.At)).ToDictionary(g => g.Key, g => g.Last());
        return Enumerable.Range(0, end).Select(s => byWholeSecond.TryGetValue(s, out var t) ? t : new TimelineSecond(s, "", 0, 0, 0, 0)).ToList();
    }

    private static string Shorten(string text) => text.Length <= 28 ? text : text[..27] + "…";
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    private static string E(string text) => WebUtility.HtmlEncode(text);
}
