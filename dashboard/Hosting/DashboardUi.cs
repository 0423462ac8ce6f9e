using Microsoft.FluentUI.AspNetCore.Components;
using Reference.Dashboard.Components;

namespace Reference.Dashboard.Hosting;

/// <summary>The Blazor Server UI (interactive server render mode) with the Fluent UI components.</summary>
public static class DashboardUi
{
    public static WebApplicationBuilder AddDashboardUi(this WebApplicationBuilder builder)
    {
        // Serve package assets (Fluent UI's CSS/JS) from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        return builder;
    }

    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{typeof(DashboardUi).Assembly.GetName().Name}.staticwebassets.endpoints.json");
        if (File.Exists(manifest)) app.MapStaticAssets(manifest);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
