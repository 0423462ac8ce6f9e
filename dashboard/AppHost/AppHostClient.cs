using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Reference.Dashboard.AppHost;

/// <summary>
/// Talks to the AppHost's control API (<c>AppHost__ControlUrl</c>, bearer <c>AppHost__ControlToken</c>).
/// When no URL is configured the dashboard runs on its own and the resource page says so.
/// </summary>
public sealed class AppHostClient(HttpClient http, AppHostSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsConfigured => settings.ControlUrl is not null;
    public Uri? ControlUrl => settings.ControlUrl;

    public async Task<IReadOnlyList<ResourceInfo>> GetResourcesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<ResourceInfo[]>("api/resources", Json, cancellationToken) ?? [];

    public async Task SendActionAsync(string resource, string action, int? replica, CancellationToken cancellationToken)
    {
        if (!ResourceActions.All.Contains(action)) throw new ArgumentException($"Unknown action '{action}'.", nameof(action));
        var url = $"api/resources/{Uri.EscapeDataString(resource)}/{action}" + (replica is { } r ? $"?replica={r}" : "");
        using var response = await http.PostAsync(url, content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<ConsoleLine>> GetLogsAsync(string resource, int? replica, long after, CancellationToken cancellationToken)
    {
        var url = $"api/resources/{Uri.EscapeDataString(resource)}/logs?after={after}" + (replica is { } r ? $"&replica={r}" : "");
        return await http.GetFromJsonAsync<ConsoleLine[]>(url, Json, cancellationToken) ?? [];
    }
}

public sealed record AppHostSettings(Uri? ControlUrl, string? ControlToken)
{
    public static AppHostSettings From(IConfiguration configuration)
    {
        var url = configuration["AppHost:ControlUrl"];
        if (string.IsNullOrWhiteSpace(url)) return new AppHostSettings(null, null);
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var parsed))
            throw new Hosting.DashboardConfigurationException($"AppHost__ControlUrl must be an absolute URL; got '{url}'.");
        return new AppHostSettings(parsed, configuration["AppHost:ControlToken"]);
    }
}

public static class AppHostClientRegistration
{
    public static WebApplicationBuilder AddAppHostClient(this WebApplicationBuilder builder)
    {
        var settings = AppHostSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient<AppHostClient>(http =>
        {
            // Unconfigured: a base address that is never called (the page checks IsConfigured first).
            http.BaseAddress = settings.ControlUrl ?? new Uri("http://127.0.0.1/");
            http.Timeout = TimeSpan.FromSeconds(5);
            if (!string.IsNullOrEmpty(settings.ControlToken))
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ControlToken);
        });
        return builder;
    }
}
