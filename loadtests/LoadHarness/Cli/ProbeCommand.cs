using Reference.Load.Reports;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Thresholds;

namespace Reference.Load.Cli;

/// <summary><c>probe</c>: a constant rate of GETs against one URL, to compare the harness with wrk.</summary>
public static class ProbeCommand
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var target = args.LoopbackUrl("target");
        var rate = args.RequiredDouble("rate", min: 0.1);
        var duration = args.Duration("duration", TimeSpan.FromSeconds(10));
        var connections = (int)args.Double("connections", 1024, min: 1);
        var outDir = args.String("out");
        args.RejectUnknown();

        output.WriteLine($"probe: GET {target} at {rate:0.#} req/s for {duration.TotalSeconds:0.#} s");
        var progress = new ConsoleProgress(output);
        var result = await LoadRunner.RunAsync(ProbeScenario.Create(target),
            // A short warm-up at the same rate (JIT, connection pool, thread pool) is run but not reported.
            [Simulation.Inject(rate, TimeSpan.FromSeconds(1), WarmUp, "warm-up"), Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration, "probe")],
            new RunOptions { MaxConnections = connections }, progress, cancellationToken);
        progress.Finish();

        var phase = result.Phase("probe");
        var t = phase.Total;
        string Ms(double ms) => SloThresholds.Ms(ms);
        output.WriteLine($"requests {t.Count}, throughput {phase.Throughput:0.#} req/s (target {phase.TargetRate:0.#}; last answer {(phase.LastAnswerAt - phase.Start - phase.Duration).TotalMilliseconds:0} ms after the phase's end), errors {t.Errors}, status {MarkdownReport.Codes(t)}");
        output.WriteLine($"latency from intended start: p50 {Ms(t.Latency.P50Ms)}, p90 {Ms(t.Latency.P90Ms)}, p99 {Ms(t.Latency.P99Ms)}, p99.9 {Ms(t.Latency.P999Ms)}, max {Ms(t.Latency.MaxMs)}");
        output.WriteLine($"send lag (scheduler behind intended time): p99 {Ms(phase.SendLag.P99Ms)}, max {Ms(phase.SendLag.MaxMs)}");
        if (outDir is not null)
        {
            var files = ReportWriter.WriteAll(result, Verdict.Empty, outDir);
            output.WriteLine($"reports: {files.Markdown}, {files.Json}, {files.Html}");
        }
        return CliApp.Passed;
    }
}
