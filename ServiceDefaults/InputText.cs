namespace Reference.ServiceDefaults;

/// <summary>
/// What text a service accepts from a client: no control characters (NUL among them — Postgres refuses
/// it in text, which used to surface as a 500) and no unpaired surrogates (not encodable as UTF-8).
/// Odd but well-formed text (quotes, markup, right-to-left marks) is data, not an error.
/// </summary>
public static class InputText
{
    /// <summary>Null when <paramref name="value"/> is acceptable; otherwise what is wrong with it, for a 400 naming the field.</summary>
    /// <param name="allowLineBreaks">Multi-line fields (a description) may hold tab, CR and LF.</param>
    public static string? Problem(string value, bool allowLineBreaks = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\r' or '\n'))
            {
                return $"must not contain control characters (found U+{(int)c:X4} at position {i}).";
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"must be valid Unicode (unpaired surrogate at position {i}).";
            }
        }
        return null;
    }
}
