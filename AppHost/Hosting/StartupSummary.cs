using Reference.AppHost.Supervision;

namespace Reference.AppHost.Hosting;

/// <summary>What a person needs once everything is up: where to click, and how long it took.</summary>
internal static class StartupSummary
{
    public static void Print(ReferenceApplication app, RunContext context)
    {
        var lines = new List<string> { "", $"Reference is up: {app.Resources.Count} resources running in {app.TimeToReady?.TotalSeconds:0.0} s" };
        if (app.Resources.ContainsKey("gateway")) lines.Add($"  storefront/gateway  {Text(app.GetEndpoint("gateway"))}");
        if (app.DashboardLoginUrl is { } login) lines.Add($"  dashboard           {login}");
        lines.Add($"  control API         {Text(app.ControlUrl)}api/resources  (Authorization: Bearer {app.ControlToken})");
        lines.Add($"  admin API key       {app.AdminApiKey}  (header X-Admin-Key)");
        foreach (var resource in app.Resources.Values)
        {
            lines.Add($"  {resource.Name,-18}  {resource.Type,-9}  {string.Join(" ", resource.Endpoints.Select(Text))}");
        }
        lines.Add("Press Ctrl+C to stop.");
        foreach (var line in lines) context.Echo.Plain(line);
    }

    private static string Text(Uri uri) => uri.ToString();
}
