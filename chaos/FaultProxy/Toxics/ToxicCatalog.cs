using Reference.Chaos.FaultProxy.Model;
using Reference.Chaos.FaultProxy.Toxics.Bandwidth;
using Reference.Chaos.FaultProxy.Toxics.Down;
using Reference.Chaos.FaultProxy.Toxics.LimitData;
using Reference.Chaos.FaultProxy.Toxics.Latency;
using Reference.Chaos.FaultProxy.Toxics.ResetPeer;
using Reference.Chaos.FaultProxy.Toxics.SlowClose;
using Reference.Chaos.FaultProxy.Toxics.Timeout;

namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>How a fault kind is described on the wire and built: the parameters it takes and its validation.</summary>
/// <param name="Create">Validates the kind's parameters into <paramref name="Create"/>'s errors; returns the toxic, or null for a kind the listener handles (down) or when invalid.</param>
public sealed record ToxicKind(FaultKind Kind, string[] Parameters, Func<FaultRequest, ValidationErrors, IToxic?> Create);

/// <summary>Every fault kind in one table: adding a kind means a folder under Toxics/ and one line here.</summary>
public static class ToxicCatalog
{
    public static readonly IReadOnlyDictionary<FaultKind, ToxicKind> Kinds = new ToxicKind[]
    {
        new(FaultKind.Latency, LatencyValidation.Parameters, (r, e) => LatencyValidation.Validate(r, e) is { } o ? new LatencyToxic(o) : null),
        new(FaultKind.Bandwidth, BandwidthValidation.Parameters, (r, e) => BandwidthValidation.Validate(r, e) is { } o ? new BandwidthToxic(o) : null),
        new(FaultKind.SlowClose, SlowCloseValidation.Parameters, (r, e) => SlowCloseValidation.Validate(r, e) is { } o ? new SlowCloseToxic(o) : null),
        new(FaultKind.Timeout, TimeoutValidation.Parameters, (r, e) => TimeoutValidation.Validate(r, e) is { } o ? new TimeoutToxic(o) : null),
        new(FaultKind.ResetPeer, ResetPeerValidation.Parameters, (r, e) => ResetPeerValidation.Validate(r, e) is { } o ? new ResetPeerToxic(o) : null),
        new(FaultKind.LimitData, LimitDataValidation.Parameters, (r, e) => LimitDataValidation.Validate(r, e) is { } o ? new LimitDataToxic(o) : null),
        new(FaultKind.Down, DownValidation.Parameters, (r, e) => { DownValidation.Validate(r, e); return null; }),
    }.ToDictionary(k => k.Kind);
}
