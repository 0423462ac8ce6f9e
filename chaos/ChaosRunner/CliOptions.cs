using Reference.Chaos.Experiments.Reports;
using Reference.Chaos.Experiments.Running;

namespace Reference.Chaos.Runner;

/// <summary>The command line, checked: an unknown command or option is a clear message and exit code 2.</summary>
public sealed record CliOptions(string Command, string? Target, string? Profile, string RunFile, TimeSpan WarmUp)
{
    public static string DefaultRunFile => Path.Combine(ArtifactPaths.RepositoryRoot, ".reference", "run.json");

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help") return new("help", null, null, DefaultRunFile, TimeSpan.Zero);
        string? target = null, profile = Environment.GetEnvironmentVariable("REFERENCE_CHAOS_PROFILE"), runFile = null;
        var warmUp = SystemWarmUp.Default;
        var command = args[0];
        if (command is not ("list" or "run")) throw new ArgumentException($"Unknown command '{command}'.");
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--profile" when i + 1 < args.Count: profile = args[++i]; break;
                case "--run-file" when i + 1 < args.Count: runFile = args[++i]; break;
                case "--warm-up" when i + 1 < args.Count: warmUp = ParseSeconds(args[++i]); break;
                case "--all" or "--edges" when command == "run" && target is null: target = args[i]; break;
                case var name when command == "run" && target is null && !name.StartsWith('-'): target = name; break;
                default: throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }
        if (command == "run" && target is null) throw new ArgumentException("run needs an experiment NAME, --all or --edges (see: list).");
        _ = Experiments.Model.ExperimentTiming.Named(profile); // an unknown profile fails here, before any fault
        return new(command, target, profile, runFile ?? DefaultRunFile, warmUp);
    }

    /// <summary>"30s", "30" or "0": whole seconds, not negative.</summary>
    private static TimeSpan ParseSeconds(string text) =>
        int.TryParse(text.TrimEnd('s'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"--warm-up takes whole seconds (e.g. 30s, or 0 to skip), not '{text}'.");
}
