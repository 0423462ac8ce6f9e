using System.Runtime.InteropServices;
using Reference.Chaos.Experiments.Catalogue;
using Reference.Chaos.Experiments.Journal;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Reports;
using Reference.Chaos.Experiments.Running;
using Reference.Chaos.Runner;

// dotnet run --project chaos/ChaosRunner -- list | run NAME | run --all   [--profile ci|full] [--run-file PATH]
// Exit codes: 0 every hypothesis held, 1 one deviated, 2 could not run, 3 aborted (safeguard, Ctrl+C, SIGTERM).
const string Usage = """
    usage: dotnet run --project chaos/ChaosRunner -- <command> [options]
      list                 the six designed experiments and the ones generated from the AppHost's edges
      run NAME             run one experiment against the system ./reference up started
      run --all            run the six designed experiments, one after the other
      run --edges          run every generated dependency experiment and print the weak-spot table
    options:
      --profile ci|full|quick  how long each part runs (default: REFERENCE_CHAOS_PROFILE, else ci)
      --run-file PATH      the system to use (default: .reference/run.json at the repository root)
      --warm-up SECONDS    unjudged 1x load before the first experiment (default 30s; 0 skips it)
    exit codes: 0 passed, 1 deviated, 2 could not run, 3 aborted
    """;

using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM (CI cancelling the job) cancel the run; the runner then rolls back before exiting.
Console.CancelKeyPress += (_, e) => { e.Cancel = true; Console.Error.WriteLine("interrupted: rolling back…"); stop.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

try
{
    var options = CliOptions.Parse(args);
    if (options.Command == "help") { Console.WriteLine(Usage); return 0; }
    var system = RunFileSystem.Load(options.RunFile);
    var timing = ExperimentTiming.Named(options.Profile);
    if (options.Command == "list")
    {
        foreach (var e in ExperimentCatalogue.All(system)) Console.WriteLine($"{e.Name,-48} {(e.IsGenerated ? "generated" : "designed "),-10} {e.Title}");
        return 0;
    }

    var experiments = options.Target switch
    {
        "--all" => ExperimentCatalogue.Designed,
        "--edges" => ExperimentCatalogue.All(system).Where(e => e.IsGenerated).ToList(),
        var name => [ExperimentCatalogue.Find(system, name!)],
    };
    var runner = new ExperimentRunner(system, timing, options.Profile ?? "ci", new ConsoleLines());
    if (options.WarmUp > TimeSpan.Zero)
    {
        // A steady state judged on a cold system (or a cold load generator) fails for reasons no experiment is about.
        Console.WriteLine($"warming up: {options.WarmUp.TotalSeconds:0} s of unjudged 1x load (--warm-up 0 skips it)");
        await SystemWarmUp.RunAsync(system.Gateway, options.WarmUp, stop.Token);
    }
    var journals = new List<ExperimentJournal>();
    foreach (var experiment in experiments)
    {
        if (stop.IsCancellationRequested) break;
        Console.WriteLine($"== {experiment.Name} ({journals.Count + 1} of {experiments.Count})");
        var journal = await runner.RunAsync(experiment, stop.Token);
        journals.Add(journal);
        var files = ChaosReportWriter.Write(journal, ArtifactPaths.ChaosDirectory(experiment.Name));
        Console.WriteLine(ChaosReportWriter.PhaseTable(journal));
        Console.WriteLine($"{journal.Status}: {journal.Reason}\ntime to recover: {ChaosReportWriter.TimeToRecover(journal)}\nreport: {files.Html}\n");
    }
    var summary = options.Target == "--edges" ? EdgeTable.Markdown(journals) : ResilienceScore.Summary(journals);
    var summaryPath = Path.Combine(ArtifactPaths.RepositoryRoot, "artifacts", "chaos", options.Target == "--edges" ? "edges.md" : "summary.md");
    Directory.CreateDirectory(Path.GetDirectoryName(summaryPath)!);
    File.WriteAllText(summaryPath, summary);
    Console.WriteLine(summary);
    Console.WriteLine($"written: {summaryPath}");
    return ExitCode(journals, options.Target == "--edges");
}
catch (Exception ex) when (ex is CannotRunException or ArgumentException or KeyNotFoundException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

// The worst status wins: aborted over could-not-run over deviated. Generated experiments map weak spots: they never fail the run.
static int ExitCode(IReadOnlyList<ExperimentJournal> journals, bool mapOnly) =>
    journals.Any(j => j.Status == ExperimentStatus.Aborted) ? 3
    : journals.Any(j => j.Status == ExperimentStatus.Failed) ? 2
    : !mapOnly && journals.Any(j => j.Status == ExperimentStatus.Deviated) ? 1
    : 0;

/// <summary>Progress straight to the console (a line a second while load runs).</summary>
internal sealed class ConsoleLines : IProgress<string>
{
    public void Report(string value) => Console.WriteLine(value);
}
