using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Reference.ServiceDefaults;

/// <summary>
/// Where chaos struck: every injection is counted (<c>reference.chaos.injections</c>, tags <c>target</c>
/// and <c>kind</c>) and marked on the current span as event <c>chaos.injected</c>, so the Aspire
/// dashboard shows an injected failure next to the real strategies' reaction to it. And what is set now:
/// gauge <c>reference.chaos.faults.active</c> is 1 per target and kind in force, so the SLO page can draw
/// "chaos was on" beside the budget it burned, from Prometheus alone, even while no call is struck.
/// </summary>
public sealed class ChaosTelemetry : IDisposable
{
    public const string MeterName = "Reference.Chaos";
    public const string InjectionsInstrument = "reference.chaos.injections";
    public const string ActiveFaultsInstrument = "reference.chaos.faults.active";
    public const string SpanEventName = "chaos.injected";

    private readonly Meter _meter;
    private readonly Counter<long> _injections;

    public ChaosTelemetry(IMeterFactory meters, ChaosSwitchboard switchboard)
    {
        _meter = meters.Create(MeterName);
        _injections = _meter.CreateCounter<long>(InjectionsInstrument, unit: "{injection}",
            description: "Faults injected by the in-process chaos strategies.");
        _meter.CreateObservableGauge(ActiveFaultsInstrument, () => ActiveFaults(switchboard), unit: "{fault}",
            description: "1 per target and kind of in-process chaos in force.");
    }

    private static IEnumerable<Measurement<int>> ActiveFaults(ChaosSwitchboard switchboard)
    {
        foreach (var (target, view) in switchboard.Snapshot())
        {
            foreach (var kind in view.Setting.Kinds())
            {
                yield return new Measurement<int>(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("kind", kind.Name()));
            }
        }
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
