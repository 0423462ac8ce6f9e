using Reference.Load.Stats;

namespace Reference.Load.Cli;

/// <summary>The live progress line: rewritten in place on a terminal, one line per report when redirected (CI logs).</summary>
public sealed class ConsoleProgress(TextWriter output) : IProgress<ProgressSnapshot>
{
    private readonly bool _inPlace = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public void Report(ProgressSnapshot p)
    {
        var line = $"[{p.Phase} {p.Elapsed:mm\\:ss}/{p.Total:mm\\:ss}] rate {p.Rate,7:0.0}/s  in-flight {p.InFlight,5}  p99 {p.P99Ms,8:0.0} ms  errors {p.Errors,6}  shed {p.Shed,6}  done {p.Completed}";
        if (_inPlace) output.Write("\r" + line.PadRight(Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 120, 160)));
        else output.WriteLine(line);
    }

    /// <summary>Ends the in-place line so the next output starts on its own line.</summary>
    public void Finish()
    {
        if (_inPlace) output.WriteLine();
    }
}
