using Microsoft.AspNetCore.Http.Features;
using Reference.Slos;

namespace Reference.Gateway.Infrastructure;

/// <summary>
/// Tags each request's <c>http.server.request.duration</c> measurement with its SLO journey
/// (<c>journey="browse"</c> on /metrics), classified by the same rules as <c>Slos/slos.json</c>, so every SLI
/// is plain PromQL over the gateway's histogram. Requests no SLO covers (health, storefront) carry no tag.
/// </summary>
public static class JourneyTags
{
    /// <summary>The request's journey, classified once here; null when no SLO covers it.</summary>
    public static Journey? JourneyOf(HttpContext context) => context.Features.Get<JourneyFeature>()?.Journey;

    private sealed record JourneyFeature(Journey Journey);

    /// <summary>Place before load shedding: a shed request (429/503) still counts against its journey.</summary>
    public static WebApplication UseJourneyTags(this WebApplication app)
    {
        var slos = SloDefinition.Current;
        var label = slos.Sli.JourneyLabel;
        app.Use((context, next) =>
        {
            if (slos.Classify(context.Request.Method, context.Request.Path.Value ?? "") is { } journey)
            {
                context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(label, journey.Name));
                context.Features.Set(new JourneyFeature(journey));
            }
            return next(context);
        });
        return app;
    }
}
