using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.ResetPeer;

public static class ResetPeerValidation
{
    public static readonly string[] Parameters = ["timeoutMs"];

    /// <summary>timeoutMs (default 0: at once) is how long after the first data the reset comes.</summary>
    public static ResetPeerOptions? Validate(FaultRequest request, ValidationErrors errors)
    {
        errors.InRange("timeoutMs", request.TimeoutMs, 0, Limits.MaxDelayMs);
        return errors.Any ? null : new ResetPeerOptions(TimeSpan.FromMilliseconds(request.TimeoutMs ?? 0));
    }
}
