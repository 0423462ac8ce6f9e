using Reference.Load.Stats;
using Reference.Load.Thresholds;

namespace Reference.Load.Reports;

/// <summary>Where one run's reports were written.</summary>
public sealed record ReportFiles(string Markdown, string Json, string Html);

/// <summary>Writes a run's report as Markdown (for people and PRs), JSON (for machines and the dashboard)
/// and a self-contained HTML page (charts as inline SVG, no scripts).</summary>
public static class ReportWriter
{
    public static ReportFiles WriteAll(RunResult result, Verdict verdict, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new ReportFiles(
            Path.Combine(directory, "report.md"),
            Path.Combine(directory, "report.json"),
            Path.Combine(directory, "report.html"));
        File.WriteAllText(files.Markdown, MarkdownReport.Render(result, verdict));
        File.WriteAllText(files.Json, JsonReport.Render(result, verdict));
        File.WriteAllText(files.Html, HtmlReport.Render(result, verdict));
        return files;
    }
}
