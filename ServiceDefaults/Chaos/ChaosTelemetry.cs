using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Reference.ServiceDefaults;

/// <summary>
/// Where chaos struck: every injection is counted (<c>reference.chaos.injections</c>, tags <c>target</c>
/// and <c>kind</c>) and marked on the current span as event <c>chaos.injected</c>, so the Aspire
/// dashboard shows an injected failure next to the real strategies' reaction to it.
/// </summary>
public sealed class ChaosTelemetry : IDisposable
{
    public const string MeterName = "Reference.Chaos";
    public const string InjectionsInstrument = "reference.chaos.injections";
    public const string SpanEventName = "chaos.injected";

    private readonly Meter _meter;
    private readonly Counter<long> _injections;

    public ChaosTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _injections = _meter.CreateCounter<long>(InjectionsInstrument, unit: "{injection}",
            description: "Faults injected by the in-process chaos strategies.");
    }

    public void Injected(string target, ChaosKind kind, string? experimentId, string? detail = null)
    {
        _injections.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("kind", kind.Name()));

        var tags = new ActivityTagsCollection
        {
            ["chaos.kind"] = kind.Name(),
            ["chaos.target"] = target,
        };
        if (experimentId is not null) tags["experiment.id"] = experimentId;
        if (detail is not null) tags["chaos.detail"] = detail;
        Activity.Current?.AddEvent(new ActivityEvent(SpanEventName, tags: tags));
    }

    public void Dispose() => _meter.Dispose();
}
