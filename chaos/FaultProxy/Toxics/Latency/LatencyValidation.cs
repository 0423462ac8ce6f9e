using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.Latency;

public static class LatencyValidation
{
    public static readonly string[] Parameters = ["latencyMs", "jitterMs"];

    public static LatencyOptions? Validate(FaultRequest request, ValidationErrors errors)
    {
        var latency = errors.Required("latencyMs", request.LatencyMs, "the added delay in milliseconds");
        errors.InRange("latencyMs", request.LatencyMs, 0, Limits.MaxDelayMs);
        errors.InRange("jitterMs", request.JitterMs, 0, Limits.MaxDelayMs);
        return latency is { } ms && !errors.Any
            ? new LatencyOptions(TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(request.JitterMs ?? 0))
            : null;
    }
}
