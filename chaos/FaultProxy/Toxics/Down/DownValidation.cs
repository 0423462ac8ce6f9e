using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Toxics.Down;

/// <summary>
/// Down takes no parameters, and acts on the listener and every connection at once: a direction other
/// than both, or a toxicity below 1, would promise something it cannot do.
/// </summary>
public static class DownValidation
{
    public static readonly string[] Parameters = [];

    public static void Validate(FaultRequest request, ValidationErrors errors)
    {
        if (request.Direction is { } direction && direction != FaultDirection.Both)
            errors.Add("direction", $"Down refuses and cuts whole connections: direction must be 'both' (or left out); was '{direction}'.");
        if (request.Toxicity is { } toxicity && toxicity != 1)
            errors.Add("toxicity", $"Down applies to every connection: toxicity must be 1 (or left out); was {toxicity}.");
    }
}
