namespace Reference.Dashboard.Storage;

/// <summary>Who sent a piece of telemetry: the OTLP resource, reduced to what the UI shows.</summary>
public sealed record ResourceIdentity(string ServiceName, string InstanceId)
{
    public static readonly ResourceIdentity Unknown = new("unknown_service", "");
    public string DisplayName => string.IsNullOrEmpty(InstanceId) ? ServiceName : $"{ServiceName} ({InstanceId})";
}

public enum SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer }

public enum SpanStatus { Unset, Ok, Error }

public sealed record SpanEvent(DateTime Time, string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes);

public sealed record SpanRecord(
    ResourceIdentity Resource,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    SpanKind Kind,
    DateTime Start,
    DateTime End,
    SpanStatus Status,
    string StatusMessage,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    public TimeSpan Duration => End >= Start ? End - Start : TimeSpan.Zero;
    public bool IsRoot => string.IsNullOrEmpty(ParentSpanId);

    public string? Attribute(string key)
    {
        foreach (var kv in Attributes) if (kv.Key == key) return kv.Value;
        return null;
    }

    /// <summary>Errors as the UI counts them: error status, or a 5xx answer on a server span.</summary>
    public bool IsError => Status == SpanStatus.Error
        || (Kind == SpanKind.Server && int.TryParse(Attribute("http.response.status_code"), out var code) && code >= 500);
}

/// <summary>Log levels as OTLP severity ranges (1-4 trace, 5-8 debug, 9-12 info, ...).</summary>
public enum LogLevelName { Unspecified, Trace, Debug, Information, Warning, Error, Critical }

public sealed record LogEntry(
    ResourceIdentity Resource,
    string Category,
    DateTime Time,
    LogLevelName Level,
    string Message,
    string TraceId,
    string SpanId,
    IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public static LogLevelName LevelFromSeverity(int severityNumber) => severityNumber switch
    {
        >= 1 and <= 4 => LogLevelName.Trace,
        >= 5 and <= 8 => LogLevelName.Debug,
        >= 9 and <= 12 => LogLevelName.Information,
        >= 13 and <= 16 => LogLevelName.Warning,
        >= 17 and <= 20 => LogLevelName.Error,
        >= 21 and <= 24 => LogLevelName.Critical,
        _ => LogLevelName.Unspecified,
    };
}

public enum MetricKind { Gauge, Sum, Histogram }

/// <summary>One metric time series: the same metric, from the same resource, with the same attributes.</summary>
public sealed record MetricSeriesKey(ResourceIdentity Resource, string Name, string AttributesKey);

/// <summary>A data point; histograms carry bucket counts, numbers carry <see cref="Value"/>.</summary>
public sealed record MetricPoint(
    DateTime Start,
    DateTime Time,
    double Value,
    ulong Count,
    double Sum,
    IReadOnlyList<ulong> BucketCounts,
    IReadOnlyList<double> ExplicitBounds);
