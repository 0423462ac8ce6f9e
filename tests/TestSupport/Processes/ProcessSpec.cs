namespace Reference.Testing.Processes;

/// <summary>What to run. <see cref="RunAsUser"/> switches user (needs root) — Postgres refuses to run as root.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Added to (or, with a null value, removed from) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? RunAsUser { get; init; }

    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}
