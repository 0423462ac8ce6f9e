using Microsoft.Extensions.Configuration;

namespace Reference.Testing;

/// <summary>The Aspire dashboard of a test run: where it listens, its browser token, and a key for its telemetry API.</summary>
public sealed record DashboardAccess(Uri Url, string BrowserToken, string ApiKey)
{
    public Uri LoginUrl => new(Url, $"login?t={BrowserToken}");

    /// <summary>
    /// From the login URL Aspire.Hosting.Testing reports (<c>GetDashboardUrlAsync</c>) and the AppHost's
    /// configuration, where the testing builder put this run's keys (<c>AppHost:BrowserToken</c>, <c>AppHost:DashboardApiKey</c>).
    /// </summary>
    public static DashboardAccess From(Uri loginUrl, IConfiguration appHost) => new(
        new Uri(loginUrl.GetLeftPart(UriPartial.Authority) + "/"),
        appHost["AppHost:BrowserToken"] ?? throw new InvalidOperationException("The AppHost has no AppHost:BrowserToken."),
        appHost["AppHost:DashboardApiKey"] ?? throw new InvalidOperationException("The AppHost has no AppHost:DashboardApiKey."));

    /// <summary>A client for the telemetry API (<c>/api/telemetry/…</c>), authenticated with <see cref="ApiKey"/>.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return client;
    }
}
