using System.Text.Json;
using Reference.Load.Hosting;
using Reference.Load.Reports;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Load.Tests;

[Collection(LoadCollection.Name)]
public class ReportWriterTests
{
    [Fact]
    public async Task Writes_markdown_json_and_a_self_contained_html_page()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var result = await LoadRunner.RunAsync(MixedJourney.Create(gateway.BaseAddress),
        [
            Simulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "warm-up"),
            Simulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "before"),
            Simulation.Inject(150, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "spike"),
        ]);
        var slo = SloThresholds.FromDefinition(SloDefinition.Current);
        var verdict = Verdict.Combine(slo.Evaluate(result.Phase("before")), slo.WithLatencyMultiplier(2).Evaluate(result.Phase("spike")));
        var dir = Path.Combine(Path.GetTempPath(), "load-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = ReportWriter.WriteAll(result, verdict, dir);

            var markdown = File.ReadAllText(files.Markdown);
            Assert.Contains($"# Load report: mixed-journey — {(verdict.Passed ? "PASS" : "FAIL")}", markdown);
            Assert.Contains("| spike | browse latency |", markdown);
            Assert.Contains(result.Machine.Runtime, markdown);

            using var json = JsonDocument.Parse(File.ReadAllText(files.Json));
            Assert.Equal(verdict.Passed, json.RootElement.GetProperty("verdict").GetProperty("passed").GetBoolean());
            Assert.Equal(verdict.Checks.Count, json.RootElement.GetProperty("verdict").GetProperty("checks").GetArrayLength());
            var phases = json.RootElement.GetProperty("result").GetProperty("phases");
            Assert.Equal(3, phases.GetArrayLength());
            Assert.Equal(250, json.RootElement.GetProperty("result").GetProperty("overall").GetProperty("total").GetProperty("count").GetInt32());
            Assert.Equal(result.AcknowledgedOrders.Count, json.RootElement.GetProperty("result").GetProperty("acknowledgedOrders").GetArrayLength());

            var html = File.ReadAllText(files.Html);
            Assert.Contains("<svg", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http://", html.Replace(gateway.BaseAddress.ToString(), "").Replace("http://www.w3.org/2000/svg", ""));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
