using Reference.Dashboard.AppHost;
using Reference.Dashboard.Storage;

namespace Reference.Dashboard.Hosting;

/// <summary>
/// Builds the dashboard (the table of contents below), and runs it in-process for tests and the
/// benchmark: <see cref="StartAsync"/> binds real loopback sockets and reports the ports it got.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app) => _app = app;

    public static WebApplication CreateApplication(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Tests host the dashboard from their own assembly; static assets and Razor components live in this one.
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);

        builder.AddDashboardEndpoints();
        builder.AddTelemetryStore();
        builder.AddOtlpReceiver();
        builder.AddBrowserTokenAuth();
        builder.AddAppHostClient();
        builder.AddDashboardUi();
        builder.Services.AddHealthChecks();

        var app = builder.Build();

        app.UseMiddleware<EndpointRoleMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOtlpReceiver();
        app.MapBrowserLogin();
        app.MapRunbooks(app.Configuration);
        app.MapDashboardUi();

        app.Lifetime.ApplicationStarted.Register(() => Announce(app));
        return app;
    }

    /// <summary>Starts the dashboard on the given settings (use port 0 for free ports) and returns once it listens.</summary>
    public static async Task<DashboardHost> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken = default)
    {
        var app = CreateApplication([], settings);
        await app.StartAsync(cancellationToken);
        return new DashboardHost(app);
    }

    /// <summary>Settings that put all three listeners on free loopback ports.</summary>
    public static Dictionary<string, string?> FreePortSettings() => new()
    {
        [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0",
        [DashboardEndpoints.OtlpGrpcUrlKey] = "http://127.0.0.1:0",
        [DashboardEndpoints.OtlpHttpUrlKey] = "http://127.0.0.1:0",
    };

    public IServiceProvider Services => _app.Services;
    public TelemetryStore Store => Services.GetRequiredService<TelemetryStore>();
    public DashboardEndpoints Endpoints => Services.GetRequiredService<DashboardEndpoints>();
    public string BrowserToken => Services.GetRequiredService<BrowserTokenAuth.Settings>().Token;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Announce(WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<DashboardEndpoints>();
        var auth = app.Services.GetRequiredService<BrowserTokenAuth.Settings>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Reference.Dashboard");
        logger.LogInformation("Now listening on: {Url}", endpoints.Ui);
        logger.LogInformation("OTLP/gRPC listening on: {Url}", endpoints.OtlpGrpc);
        logger.LogInformation("OTLP/HTTP listening on: {Url}", endpoints.OtlpHttp);
        if (auth.Unsecured) logger.LogWarning("Browser authentication is off (Dashboard__Frontend__AuthMode=Unsecured).");
        else logger.LogInformation("Login to the dashboard at {Url}login?t={Token}", endpoints.Ui, auth.Token);
    }
}
