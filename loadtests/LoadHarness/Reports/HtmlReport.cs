using System.Net;
using System.Text;
using Reference.Load.Stats;
using Reference.Load.Thresholds;

namespace Reference.Load.Reports;

/// <summary>A self-contained HTML page: verdict, phase table, and throughput / latency / failures over
/// time as inline SVG. Opens from disk or a CI artifact with no network and no scripts.</summary>
public static class HtmlReport
{
    public static string Render(RunResult result, Verdict verdict)
    {
        var seconds = result.Seconds;
        var bands = result.Phases
            .Select(p => new SvgChart.Band(p.Name, p.Start.TotalSeconds, (p.Start + p.Duration).TotalSeconds))
            .ToArray();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append($"<title>Load report: {E(result.Scenario)}</title><style>");
        html.Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}");
        html.Append("td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}th{background:#f2f5fa}");
        html.Append("td:first-child,th:first-child{text-align:left}.pass{color:#176a2e;font-weight:bold}.fail{color:#b3261e;font-weight:bold}");
        html.Append("</style></head><body>");
        html.Append($"<h1>Load report: {E(result.Scenario)} — <span class=\"{(verdict.Checks.Count == 0 ? "\">measured" : verdict.Passed ? "pass\">PASS" : "fail\">FAIL")}</span></h1>");
        html.Append($"<p>Target <code>{E(result.Target)}</code>, started {result.StartedAt:u}, ran {result.Duration.TotalSeconds:0.0} s on {E(result.Machine.ToString())}. ");
        html.Append($"Latency is measured from each request's intended start. Acknowledged orders: {result.AcknowledgedOrders.Count}.</p>");

        html.Append("<h2>Verdict</h2>");
        if (verdict.Checks.Count == 0) html.Append("<p>No thresholds were evaluated (a measurement, not a gate).</p>");
        else html.Append("<table><tr><th></th><th>phase</th><th>check</th><th>measured</th><th>objective</th></tr>");
        foreach (var check in verdict.Checks)
            html.Append($"<tr><td class=\"{(check.Passed ? "pass\">PASS" : "fail\">FAIL")}</td><td>{E(check.Phase)}</td><td>{E(check.Name)}</td><td>{E(check.Measured)}</td><td>{E(check.Objective)}</td></tr>");
        if (verdict.Checks.Count > 0) html.Append("</table>");

        html.Append("<h2>Over time</h2>");
        html.Append(SvgChart.Render("Throughput", "requests/s",
        [
            new("started (by intended time)", "#1f6feb", seconds.Select(s => (double)s.Started).ToArray()),
            new("completed", "#8250df", seconds.Select(s => (double)s.Completed).ToArray()),
        ], bands));
        html.Append(SvgChart.Render("Latency from intended start", "ms",
        [
            new("p99", "#d1242f", seconds.Select(s => s.P99Ms).ToArray()),
            new("p50", "#2da44e", seconds.Select(s => s.P50Ms).ToArray()),
        ], bands));
        html.Append(SvgChart.Render("Errors and shed", "requests/s",
        [
            new("errors", "#b3261e", seconds.Select(s => (double)s.Errors).ToArray()),
            new("shed (429/503)", "#bf8700", seconds.Select(s => (double)s.Shed).ToArray()),
        ], bands));

        html.Append("<h2>Phases</h2><table><tr><th>phase</th><th>duration</th><th>target req/s</th><th>served req/s</th><th>requests</th><th>errors</th><th>shed</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>");
        foreach (var phase in result.Phases.Append(result.Overall))
        {
            var t = phase.Total;
            html.Append($"<tr><td>{E(phase.Name)}</td><td>{phase.Duration.TotalSeconds:0} s</td><td>{phase.TargetRate:0.#}</td><td>{phase.Throughput:0.#}</td><td>{t.Count}</td><td>{t.Errors}</td><td>{t.Shed}</td>{Cells(t.Latency)}</tr>");
        }
        html.Append("</table>");

        foreach (var phase in result.Phases)
        {
            html.Append($"<h3>{E(phase.Name)}: steps (admitted latency)</h3><table><tr><th>step</th><th>requests</th><th>ok</th><th>4xx</th><th>errors</th><th>shed</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>status codes</th></tr>");
            foreach (var s in phase.Steps)
                html.Append($"<tr><td>{E(s.Name)}</td><td>{s.Count}</td><td>{s.Ok}</td><td>{s.ClientErrors}</td><td>{s.Errors}</td><td>{s.Shed}</td>{Cells(s.AdmittedLatency)}<td>{E(MarkdownReport.Codes(s))}</td></tr>");
            html.Append("</table>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string Cells(LatencyDistribution l) =>
        $"<td>{Ms(l.P50Ms)}</td><td>{Ms(l.P90Ms)}</td><td>{Ms(l.P99Ms)}</td><td>{Ms(l.P999Ms)}</td><td>{Ms(l.MaxMs)}</td>";

    private static string Ms(double ms) => E(SloThresholds.Ms(ms));
    private static string E(string text) => WebUtility.HtmlEncode(text);
}
