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

    public bool Enabled => enabled;

    public void Output(string source, LogLine line)
    {
        if (!enabled || (!verbose && !IsNotable(line.Text))) return;
        Write(line.Timestamp, source, line.Text);
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

    private void Write(DateTimeOffset timestamp, string source, string text)
    {
        lock (_gate) Console.Out.WriteLine($"{timestamp.ToLocalTime():HH:mm:ss.fff} [{source}] {text}");
    }

    // .NET console logger levels, Postgres severities, Redis warnings, unhandled exceptions.
    [GeneratedRegex(@"\b(warn|fail|crit|error|fatal|panic|warning|exception|unhandled)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Notable();

    internal static bool IsNotable(string text) => Notable().IsMatch(text);
}
