using System.Text.RegularExpressions;
using Reference.AppHost.Processes;

namespace Reference.AppHost.Supervision;

/// <summary>
/// What the AppHost prints: resource output prefixed with its instance (<c>[catalog-1] …</c>) and
/// lifecycle events. Quiet by default — warnings, errors and events; <c>--verbose</c> shows every line.
/// Everything is kept in the per-replica <see cref="LogBuffer"/> regardless, for the dashboard.
/// </summary>
internal sealed partial class ConsoleEcho(bool enabled, bool verbose)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _showNextContinuation = [];

    public bool Enabled => enabled;

    public void Output(string source, LogLine line)
    {
        if (!enabled) return;
        if (verbose || ShouldShow(source, line.Text)) Write(line.Timestamp, source, line.Text);
    }

    public void Event(string source, string text)
    {
        if (enabled) Write(DateTimeOffset.UtcNow, source, text);
    }

    /// <summary>A line without prefix: the summary a person reads once everything is up.</summary>
    public void Plain(string text)
    {
        if (!enabled) return;
        lock (_gate) Console.Out.WriteLine(text);
    }

    /// <summary>
    /// The .NET console logger writes "warn: Category[id]" and the message on the next, indented line:
    /// show that one line too, but not the stack trace after it.
    /// </summary>
    private bool ShouldShow(string source, string text)
    {
        lock (_gate)
        {
            var continuation = text.Length > 0 && char.IsWhiteSpace(text[0]);
            if (continuation) return _showNextContinuation.Remove(source);
            _showNextContinuation.Remove(source);
            if (!IsNotable(text)) return false;
            if (DotnetLevel().IsMatch(text)) _showNextContinuation.Add(source);
            return true;
        }
    }

    private void Write(DateTimeOffset timestamp, string source, string text)
    {
        lock (_gate) Console.Out.WriteLine($"{timestamp.ToLocalTime():HH:mm:ss.fff} [{source}] {text}");
    }

    // .NET console logger levels, Postgres severities, Redis warnings, unhandled exceptions.
    [GeneratedRegex(@"^(warn|fail|crit):|\b(error|fatal|panic|warning|unhandled)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Notable();

    [GeneratedRegex("^(warn|fail|crit):")]
    private static partial Regex DotnetLevel();

    internal static bool IsNotable(string text) => Notable().IsMatch(text);
}
