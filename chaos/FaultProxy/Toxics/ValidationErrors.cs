namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>Validation messages by wire field name, in the shape problem details' <c>errors</c> takes.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool Any => _byField.Count > 0;

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages)) _byField[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>Adds an error unless <paramref name="value"/> is within [min, max]; missing values are checked by <see cref="Required{T}"/>.</summary>
    public void InRange(string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) Add(field, $"Must be between {min} and {max}; was {v}.");
    }

    public T? Required<T>(string field, T? value, string why) where T : struct
    {
        if (value is null) Add(field, $"Required: {why}.");
        return value;
    }

    public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(p => p.Key, p => p.Value.ToArray());
}
