using System.Globalization;
using System.Net;

namespace Reference.Load.Cli;

/// <summary>"command --name value --flag" parsing with messages that name the offending option.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Command { get; }

    private CliArguments(string command) => Command = command;

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("no command given.");
        var parsed = new CliArguments(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' (options look like --name value).");
            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0) (name, value) = (name[..equals], name[(equals + 1)..]);
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            if (!parsed._options.TryAdd(name, value)) throw new UsageException($"--{name} is given twice.");
        }
        return parsed;
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value)) return false;
        if (value is not null) throw new UsageException($"--{name} is a flag and takes no value (got '{value}').");
        return true;
    }

    public string? String(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value)) return null;
        return value ?? throw new UsageException($"--{name} needs a value.");
    }

    public string RequiredString(string name) => String(name) ?? throw new UsageException($"--{name} is required.");

    public double Double(string name, double fallback, double min = double.MinValue)
    {
        var text = String(name);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
            throw new UsageException($"--{name} must be a number, got '{text}'.");
        if (value < min) throw new UsageException($"--{name} must be at least {min.ToString(CultureInfo.InvariantCulture)}, got {text}.");
        return value;
    }

    public double RequiredDouble(string name, double min) =>
        String(name) is null ? throw new UsageException($"--{name} is required.") : Double(name, 0, min);

    /// <summary>Durations like 500ms, 20s, 2m, or plain seconds.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        var text = String(name);
        if (text is null) return fallback;
        var duration = ParseDuration(text) ?? throw new UsageException($"--{name} must be a duration like 500ms, 20s or 2m, got '{text}'.");
        if (duration <= TimeSpan.Zero) throw new UsageException($"--{name} must be positive, got '{text}'.");
        return duration;
    }

    /// <summary>An absolute http(s) URL on loopback: load never leaves this machine.</summary>
    public Uri LoopbackUrl(string name)
    {
        var text = RequiredString(name);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"--{name} must be an absolute http:// or https:// URL, got '{text}'.");
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback) throw new UsageException($"--{name} must point at loopback (127.0.0.1, ::1 or localhost); got host '{uri.Host}'.");
        return uri;
    }

    /// <summary>Rejects options the command did not read (typos would otherwise be silently ignored).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new UsageException($"unknown option{(unknown.Length > 1 ? "s" : "")} for '{Command}': {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    public static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? TimeSpan.FromSeconds(value * scale)
            : null;
    }
}
