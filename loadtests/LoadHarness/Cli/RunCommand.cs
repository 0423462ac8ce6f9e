using Reference.Load.Profiles;
using Reference.Load.Reports;
using Reference.Load.Runner;
using Reference.Load.Scenarios;

namespace Reference.Load.Cli;

/// <summary><c>run</c>: the mixed journey under one load profile, judged against the SLOs.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var target = args.LoopbackUrl("target");
        var profileName = args.RequiredString("profile");
        var multiplier = args.Double("rate-multiplier", 1, min: 0.01);
        var @short = args.Flag("short");
        var capacity = args.String("capacity") is null ? (double?)null : args.Double("capacity", 0, min: 1);
        var outDir = args.String("out") ?? CliApp.DefaultOutput(profileName);
        args.RejectUnknown();

        var profile = profileName switch
        {
            "baseline" => LoadProfiles.Baseline(multiplier, @short),
            "spike" => LoadProfiles.Spike(multiplier, @short),
            "overload" => LoadProfiles.Overload(
                capacity ?? throw new UsageException("--profile overload needs --capacity <req/s> (run the capacity command first)."),
                multiplier, @short),
            _ => throw new UsageException($"--profile must be one of {string.Join(", ", LoadProfiles.Names)}, got '{profileName}'."),
        };
        if (capacity is not null && profileName != "overload") throw new UsageException("--capacity only applies to --profile overload.");

        output.WriteLine($"profile {profile.Name}: {profile.Description} against {target}");
        var progress = new ConsoleProgress(output);
        var result = await LoadRunner.RunAsync(MixedJourney.Create(target), profile.Simulations, new RunOptions(), progress, cancellationToken);
        progress.Finish();
        var verdict = profile.Judge(result);
        var files = ReportWriter.WriteAll(result, verdict, outDir);
        output.WriteLine(verdict);
        output.WriteLine($"reports: {files.Markdown}, {files.Json}, {files.Html}");
        return verdict.Passed ? CliApp.Passed : CliApp.GateFailed;
    }
}
