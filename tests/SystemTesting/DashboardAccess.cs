namespace Reference.Testing;

/// <summary>The Aspire dashboard of a test run: free ports, a known browser token, and a key for its telemetry API.</summary>
public sealed record DashboardAccess(Uri Url, Uri OtlpGrpc, string BrowserToken, string ApiKey)
{
    public Uri LoginUrl => new(Url, $"login?t={BrowserToken}");

    public static DashboardAccess OnFreePorts() => new(
        new Uri($"http://127.0.0.1:{ReferenceSystem.FreePort()}/"),
        new Uri($"http://127.0.0.1:{ReferenceSystem.FreePort()}/"),
        Guid.NewGuid().ToString("N"),
        Guid.NewGuid().ToString("N"));

    /// <summary>The AppHost's own settings for its dashboard (what launchSettings.json would hold).</summary>
    public IEnumerable<string> AppHostArguments() =>
    [
        $"--ASPNETCORE_URLS={Url.ToString().TrimEnd('/')}",
        $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={OtlpGrpc.ToString().TrimEnd('/')}",
        "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        $"--AppHost:BrowserToken={BrowserToken}",
        $"--AppHost:DashboardApiKey={ApiKey}",
    ];

    /// <summary>A client for the telemetry API (<c>/api/telemetry/…</c>), authenticated with <see cref="ApiKey"/>.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return client;
    }
}
