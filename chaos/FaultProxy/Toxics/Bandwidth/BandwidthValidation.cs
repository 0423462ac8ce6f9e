using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.Bandwidth;

public static class BandwidthValidation
{
    public static readonly string[] Parameters = ["rateKBps"];

    public static BandwidthOptions? Validate(FaultRequest request, ValidationErrors errors)
    {
        var rate = errors.Required("rateKBps", request.RateKBps, "the cap in kilobytes (1024 bytes) per second");
        errors.InRange("rateKBps", request.RateKBps, 1, Limits.MaxRateKBps);
        return rate is { } kbps && !errors.Any ? new BandwidthOptions(kbps) : null;
    }
}
