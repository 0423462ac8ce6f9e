using System.Diagnostics.Metrics;

namespace Reference.Gateway.Infrastructure;

/// <summary>
/// Counts the requests our own load harness sends (<c>reference.gateway.synthetic.requests{source="load"}</c>),
/// known by its User-Agent. Not a security boundary, only a label: the SLO page draws "a load run was on"
/// beside the budget it used, so nobody mistakes a test's burn for a real incident.
/// </summary>
public sealed class SyntheticTraffic
{
    public const string RequestsInstrument = "reference.gateway.synthetic.requests";

    /// <summary>
    /// The product token of the harness's User-Agent (<c>Reference.LoadHarness/1.0</c>, <c>LoadRunner.UserAgent</c>),
    /// sent by every load run, the chaos experiments' and the gates' included.
    /// </summary>
    public const string LoadHarnessProduct = "Reference.LoadHarness/";

    private readonly Counter<long> _requests;

    public SyntheticTraffic(IMeterFactory meters, IHostEnvironment environment)
    {
        _requests = meters.Create(environment.ApplicationName).CreateCounter<long>(RequestsInstrument, unit: "{request}",
            description: "Requests sent by our own load harness, by source.");
    }

    public void Count(HttpContext context)
    {
        if (context.Request.Headers.UserAgent.ToString().StartsWith(LoadHarnessProduct, StringComparison.Ordinal))
            _requests.Add(1, new KeyValuePair<string, object?>("source", "load"));
    }
}

public static class SyntheticTrafficExtensions
{
    /// <summary>Counts before load shedding, like the journey tags: a shed load request is still load.</summary>
    public static WebApplication UseSyntheticTrafficCount(this WebApplication app)
    {
        var traffic = app.Services.GetRequiredService<SyntheticTraffic>();
        app.Use((context, next) =>
        {
            traffic.Count(context);
            return next(context);
        });
        return app;
    }
}
