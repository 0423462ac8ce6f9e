using Reference.Chaos.FaultProxy.Model;
using Reference.Chaos.FaultProxy.Toxics;

namespace Reference.Chaos.FaultProxy.Faults;

/// <summary>A validated request, with its defaults filled in, ready for the registry to give it an id and a deadline.</summary>
public sealed record NewFault(FaultKind Kind, FaultDirection Direction, double Toxicity, TimeSpan Ttl, IToxic? Toxic, FaultRequest Parameters)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(5);

    /// <summary>No fault outlives an hour, whatever was asked: a forgotten fault must go away on its own.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    /// <summary>Checks the fields every kind shares, then the kind's own; returns null with <paramref name="errors"/> filled when invalid.</summary>
    public static NewFault? From(FaultRequest request, ValidationErrors errors)
    {
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", $"Required: one of {string.Join(", ", Enum.GetNames<FaultKind>().Select(JsonNames.Camel))}.");
            return null;
        }
        var toxicity = request.Toxicity ?? 1;
        if (!(toxicity is >= 0 and <= 1)) errors.Add("toxicity", $"Must be between 0 and 1 (the share of connections affected); was {toxicity}.");
        var ttlSeconds = request.TtlSeconds ?? DefaultTtl.TotalSeconds;
        if (!(ttlSeconds > 0 && ttlSeconds <= MaxTtl.TotalSeconds)) errors.Add("ttlSeconds", $"Must be more than 0 and at most {MaxTtl.TotalSeconds}; was {ttlSeconds}.");

        var descriptor = ToxicCatalog.Kinds[kind];
        foreach (var given in request.GivenParameters().Except(descriptor.Parameters))
            errors.Add(given, $"Does not apply to '{JsonNames.Camel(kind.ToString())}', which takes [{string.Join(", ", descriptor.Parameters)}].");
        var toxic = descriptor.Create(request, errors);

        return errors.Any ? null : new NewFault(kind, request.Direction ?? FaultDirection.Both, toxicity, TimeSpan.FromSeconds(ttlSeconds), toxic, request);
    }
}
