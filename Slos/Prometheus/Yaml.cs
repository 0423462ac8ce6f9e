using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reference.Slos.Prometheus;

/// <summary>
/// Just enough YAML for rule and test files, written by hand so the output is stable byte for byte (the
/// stale-file test compares it) and reads like a person wrote it: block scalars for PromQL, JSON-quoted strings.
/// </summary>
internal sealed class Yaml
{
    private readonly StringBuilder _text = new();

    public Yaml Line(int indent, string text)
    {
        _text.Append(' ', indent * 2).Append(text).Append('\n');
        return this;
    }

    /// <summary><c>key: "value"</c>, quoted as JSON (a subset of YAML), so no value is ever misread.</summary>
    public Yaml Pair(int indent, string key, string value) => Line(indent, $"{key}: {Quote(value)}");

    /// <summary>A multi-line value (PromQL) as a literal block: <c>key: |-</c>.</summary>
    public Yaml Block(int indent, string key, string value)
    {
        Line(indent, $"{key}: |-");
        foreach (var line in value.Split('\n')) Line(indent + 1, line);
        return this;
    }

    public Yaml Map(int indent, string key, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        Line(indent, key + ":");
        foreach (var (k, v) in pairs) Pair(indent + 1, k, v);
        return this;
    }

    public static string Quote(string value) => JsonSerializer.Serialize(value);

    /// <summary>Shortest round-trip form, invariant culture: 0.001, 14.4, 15.84.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();
}
