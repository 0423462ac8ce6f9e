using Microsoft.Extensions.Options;
using Reference.ServiceDefaults.Admission;

namespace Reference.Gateway.Infrastructure;

/// <summary>
/// How critical each SLO journey is when the gateway must shed (<c>Gateway:JourneyCriticality</c>):
/// browse goes first, checkout last. Requests no journey covers (the storefront page) are sheddable:
/// a page view costs the shopper one reload. Reads the journey <see cref="JourneyTags"/> classified (it runs first).
/// </summary>
internal sealed class JourneyCriticality(IOptions<GatewayOptions> options) : IRequestCriticality
{
    private readonly Dictionary<string, Criticality> _byJourney = options.Value.JourneyCriticality;

    public Criticality Of(HttpContext context) =>
        JourneyTags.JourneyOf(context) is { } journey
        && _byJourney.TryGetValue(journey.Name, out var criticality)
            ? criticality
            : Criticality.Sheddable;
}
