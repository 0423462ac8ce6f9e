namespace Reference.Dashboard.AppHost;

// The AppHost control API's shapes (docs/api.md, "AppHost control API"). JSON is camelCase.

public sealed record ResourceInfo(string Name, string Type, string State, IReadOnlyList<string>? Endpoints, IReadOnlyList<ReplicaInfo>? Replicas);

public sealed record ReplicaInfo(int Index, int? Pid, string State, string? Health, int Restarts, string? Endpoint);

public sealed record ConsoleLine(long Seq, DateTime Timestamp, string Stream, string Text);

/// <summary>What the resource page may ask the AppHost to do.</summary>
public static class ResourceActions
{
    public static readonly string[] All = ["restart", "stop", "start", "kill"];
}
