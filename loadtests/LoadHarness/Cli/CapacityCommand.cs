using Reference.Load.Profiles;
using Reference.Load.Reports;
using Reference.Load.Scenarios;
using Reference.Load.Stats;

namespace Reference.Load.Cli;

/// <summary><c>capacity</c>: steps the mixed journey's rate up until an SLO breaks.</summary>
public static class CapacityCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var target = args.LoopbackUrl("target");
        var options = new CapacityOptions
        {
            Start = args.Double("start", 50, min: 1),
            Step = args.Double("step", 50, min: 1),
            StepDuration = args.Duration("step-duration", TimeSpan.FromSeconds(20)),
            Max = args.Double("max", 5000, min: 1),
        };
        var outDir = args.String("out") ?? CliApp.DefaultOutput("capacity");
        args.RejectUnknown();
        if (options.Max < options.Start) throw new UsageException($"--max ({options.Max}) must be at least --start ({options.Start}).");

        output.WriteLine($"capacity: from {options.Start:0.#} req/s in steps of {options.Step:0.#}, {options.StepDuration.TotalSeconds:0} s each, against {target}");
        var progress = new ConsoleProgress(output);
        var capacity = await CapacitySearch.RunAsync(MixedJourney.Create(target), options,
            stepDone: step =>
            {
                progress.Finish();
                output.WriteLine($"{step.Rate,8:0.#} req/s: {(step.Held ? "held" : "BROKE")}  achieved {step.AchievedRate:0.#}, p99 {MarkdownReport.Ms(step.P99Ms)}, errors {step.Errors}, shed {step.Shed}");
            },
            progress: progress, cancellationToken: cancellationToken);

        output.WriteLine(CapacityReport.Summary(capacity));
        foreach (var check in capacity.BrokeFirst) output.WriteLine($"  broke: [{check.Phase}] {check.Name}: {check.Measured} (objective: {check.Objective})");
        output.WriteLine($"report: {CapacityReport.WriteAll(capacity, MachineInfo.Current(), outDir)}");
        return CliApp.Passed;
    }
}
