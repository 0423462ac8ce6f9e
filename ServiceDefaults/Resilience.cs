using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Reference.ServiceDefaults;

/// <summary>
/// Every HttpClient goes through the standard resilience handler (Microsoft.Extensions.Http.Resilience):
/// total timeout, retry with jittered exponential backoff, circuit breaker, attempt timeout, in that
/// order, outermost first. Numbers come from the <c>HttpClientResilience</c> configuration section.
/// </summary>
public static class Resilience
{
    public const string Section = "HttpClientResilience";

    internal static IHttpClientBuilder AddDefaultResilience(this IHttpClientBuilder http, IConfiguration configuration)
    {
        // The overload taking a section throws when the section is empty, which is the normal case
        // (no overrides): bind it only when someone wrote one.
        var section = configuration.GetSection(Section);
        if (section.Exists())
        {
            http.AddStandardResilienceHandler(section);
        }
        else
        {
            http.AddStandardResilienceHandler();
        }
        return http;
    }
}
