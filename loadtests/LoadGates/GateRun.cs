using Reference.Load.Reconciliation;
using System.Globalization;
using System.Text;
using Reference.Load.Reports;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Testing;
using Xunit.Abstractions;

namespace Reference.LoadGates;

/// <summary>
/// What every gate does around its own checks: run the mixed journey at the gateway, show progress in
/// the test output, write the reports to <c>artifacts/load/&lt;gate&gt;/</c> at the repository root,
/// print the verdict table, and fail with the checks that failed (check, measured, objective).
/// </summary>
public sealed class GateRun(string gate, SystemUnderLoad system, ITestOutputHelper output)
{
    public const string WarmUpPhase = "warm-up";
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Bounded: no load test runs unbounded. Generous, because a failing system must still produce its report.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(15);

    public static LoadSimulation Phase(string name, double rate, TimeSpan during) => Simulation.Inject(rate, Second, during, name);

    public async Task<RunResult> RunAsync(IReadOnlyList<LoadSimulation> simulations)
    {
        output.WriteLine($"{gate}: {system.Settings}; gateway {system.Gateway}; load average {LoadAverage()}");
        output.WriteLine(system.WarmUpSummary);
        foreach (var simulation in simulations) output.WriteLine($"  {simulation}");
        using var limit = new CancellationTokenSource(RunLimit);
        return await LoadRunner.RunAsync(MixedJourney.Create(system.Gateway), simulations, new RunOptions(), new TestProgress(output), limit.Token);
    }

    /// <summary>Writes the reports and the verdict table, then fails the test if any check failed.</summary>
    public void Conclude(RunResult result, Verdict verdict, OrderReconciliation? orders = null)
    {
        var directory = RepositoryRoot.Combine("artifacts", "load", gate);
        var files = ReportWriter.WriteAll(result, verdict, directory);
        output.WriteLine("");
        output.WriteLine(VerdictTable(verdict));
        output.WriteLine(KeyFigures(result, orders));
        output.WriteLine($"load average after: {LoadAverage()}");
        output.WriteLine($"reports: {files.Markdown}, {files.Json}, {files.Html}");
        Assert.True(verdict.Passed,
            $"{gate} gate failed ({verdict.Failures.Count()} of {verdict.Checks.Count} checks):\n" +
            string.Join("\n", verdict.Failures.Select(f => $"  [{f.Phase}] {f.Name}: measured {f.Measured}; objective {f.Objective}")) +
            $"\nreport: {files.Markdown}");
    }

    public static string VerdictTable(Verdict verdict)
    {
        var table = new StringBuilder();
        table.AppendLine("| | phase | check | measured | objective |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var check in verdict.Checks)
            table.AppendLine($"| {(check.Passed ? "PASS" : "FAIL")} | {check.Phase} | {check.Name} | {check.Measured} | {check.Objective} |");
        table.Append(verdict.Passed ? "verdict: PASS" : $"verdict: FAIL ({verdict.Failures.Count()} of {verdict.Checks.Count} checks failed)");
        return table.ToString();
    }

    /// <summary>The rows a reader wants first: rates, admitted p99 per journey, shed count and speed, orders.</summary>
    public static string KeyFigures(RunResult result, OrderReconciliation? orders)
    {
        var text = new StringBuilder();
        text.AppendLine("| phase | target req/s | served req/s | requests | errors | shed | shed p99 | browse p99 | basket p99 | checkout p99 | max |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var phase in result.Phases)
        {
            string P99(string journey) => phase.Journey(journey) is { AdmittedLatency.Count: > 0 } j ? Ms(j.AdmittedLatency.P99Ms) : "-";
            var t = phase.Total;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase.Name} | {phase.TargetRate:0.#} | {phase.Throughput:0.#} | {t.Count} | {t.Errors} | {t.Shed} | {(t.Shed > 0 ? Ms(t.ShedLatency.P99Ms) : "-")} | {P99("browse")} | {P99("basket")} | {P99("checkout")} | {Ms(t.Latency.MaxMs)} |"));
        }
        if (orders is not null)
            text.AppendLine($"orders: {orders.Acknowledged} acknowledged, {orders.FoundUnderTheirKey} found in orderingdb under their key, {orders.OrdersCreated} created during the gate, {orders.Lost.Count} lost, {orders.AcknowledgedTwice.Count + orders.OrdersWithoutOneKey} duplicated");
        return text.ToString();
    }

    private static string Ms(double ms) => ms >= 1000
        ? (ms / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s"
        : ms.ToString(ms < 10 ? "0.##" : "0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Rates mean little without the machine's state: other builds may share these two cores.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }



    /// <summary>One progress line every five seconds in the test output (a line a second would bury the verdict).</summary>
    private sealed class TestProgress(ITestOutputHelper output) : IProgress<ProgressSnapshot>
    {
        private int _reports;

        public void Report(ProgressSnapshot p)
        {
            if (_reports++ % 5 != 0) return;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{p.Phase} {p.Elapsed:mm\\:ss}/{p.Total:mm\\:ss}] rate {p.Rate,6:0.0}/s  in-flight {p.InFlight,5}  p99 {p.P99Ms,8:0.0} ms  errors {p.Errors,5}  shed {p.Shed,6}  done {p.Completed}"));
        }
    }
}
