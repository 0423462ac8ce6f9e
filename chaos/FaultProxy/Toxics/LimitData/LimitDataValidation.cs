using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.LimitData;

public static class LimitDataValidation
{
    public static readonly string[] Parameters = ["bytes"];

    public static LimitDataOptions? Validate(FaultRequest request, ValidationErrors errors)
    {
        var bytes = errors.Required("bytes", request.Bytes, "how many bytes pass before the connection closes");
        if (bytes is { } b && (b < 0 || b > Limits.MaxBytes)) errors.Add("bytes", $"Must be between 0 and {Limits.MaxBytes}; was {b}.");
        return bytes is { } n && !errors.Any ? new LimitDataOptions(n) : null;
    }
}
