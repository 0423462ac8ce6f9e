using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.SlowClose;

public static class SlowCloseValidation
{
    public static readonly string[] Parameters = ["delayMs"];

    public static SlowCloseOptions? Validate(FaultRequest request, ValidationErrors errors)
    {
        var delay = errors.Required("delayMs", request.DelayMs, "how long a close is held back, in milliseconds");
        errors.InRange("delayMs", request.DelayMs, 0, Limits.MaxDelayMs);
        return delay is { } ms && !errors.Any ? new SlowCloseOptions(TimeSpan.FromMilliseconds(ms)) : null;
    }
}
