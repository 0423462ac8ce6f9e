using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.Timeout;

public static class TimeoutValidation
{
    public static readonly string[] Parameters = ["timeoutMs"];

    /// <summary>timeoutMs defaults to 0: the blackhole is what experiments want most often.</summary>
    public static TimeoutOptions? Validate(FaultRequest request, ValidationErrors errors)
    {
        errors.InRange("timeoutMs", request.TimeoutMs, 0, Limits.MaxDelayMs);
        return errors.Any ? null : new TimeoutOptions(TimeSpan.FromMilliseconds(request.TimeoutMs ?? 0));
    }
}
