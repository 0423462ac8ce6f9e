using Reference.Load.Stats;

namespace Reference.Load.Cli;

/// <summary>The live progress line: rewritten in place on a terminal, one line per report when redirected (CI logs).</summary>
public sealed class ConsoleProgress(TextWriter output) : IProgress<ProgressSnapshot>
{
    private readonly bool _inPlace = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public void Report(ProgressSnapshot p)
    {
        var line = $"[{p.Phase} {p.Elapsed:mm\\:ss}/{p.Total:mm\\:ss}] rate {p.Rate,7:0.0}/s  in-flight {p.InFlight,5}  p99 {p.P99Ms,8:0.0} ms  errors {p.Errors,6}  shed {p.Shed,6}  done {p.Completed}";
        if (_inPlace) output.Write("\r" + line.PadRight(Width()));
        else output.WriteLine(line);
    }

    private static int Width()
    {
        // Pad to the terminal's width so a shorter line fully overwrites a longer one.
        try { return Math.Clamp(Console.WindowWidth - 1, 40, 160); }
        catch (IOException) { return 120; }
    }

    /// <summary>Ends the in-place line so the next output starts on its own line.</summary>
    public void Finish()
    {
        if (_inPlace) output.WriteLine();
    }
}
