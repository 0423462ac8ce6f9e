using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Faults;

/// <summary>
/// The faults in force, as the services' in-process chaos reports its own: gauge
/// <c>reference.chaos.faults.active{target,kind}</c>, 1 per kind active in front of <see cref="FaultProxyOptions.Target"/>.
/// Prometheus scrapes it from <c>/metrics</c>, so the SLO page can mark when a chaos experiment hurt a dependency.
/// </summary>
public sealed class FaultMetrics : IDisposable
{
    public const string MeterName = "Reference.Chaos";
    public const string ActiveFaultsInstrument = "reference.chaos.faults.active";

    private readonly Meter _meter;

    public FaultMetrics(IMeterFactory meters, FaultRegistry registry, TimeProvider time, IOptions<FaultProxyOptions> options)
    {
        var target = options.Value.Target;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge(ActiveFaultsInstrument, () =>
        {
            // Expired faults are pruned on a timer; the gauge does not wait for it.
            var now = time.GetUtcNow();
            return registry.Active.Faults
                .Where(f => f.View.ExpiresAt > now)
                .Select(f => JsonNames.Camel(f.View.Kind.ToString()))
                .Distinct()
                .Select(kind => new Measurement<int>(1, new("target", target), new("kind", kind)));
        }, unit: "{fault}", description: "1 per kind of fault in force in this proxy.");
    }

    public void Dispose() => _meter.Dispose();
}
