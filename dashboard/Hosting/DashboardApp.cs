using Reference.Dashboard.Otlp;
using Reference.Dashboard.Slo;
using Reference.Dashboard.Storage;
using Reference.Slos;

namespace Reference.Dashboard.Hosting;

/// <summary>What the dashboard registers and maps, one call per concern (Program.cs and the tests share it).</summary>
public static class DashboardApp
{
    public static WebApplicationBuilder AddDashboardEndpoints(this WebApplicationBuilder builder)
    {
        var endpoints = new DashboardEndpoints(builder.Configuration);
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(endpoints.Configure);
        // Kestrel's Listen calls are the addresses (it logs that it overrides ASPNETCORE_URLS: expected).
        return builder;
    }

    public static WebApplicationBuilder AddTelemetryStore(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(TelemetryLimits.SectionName).Get<TelemetryLimits>() ?? new TelemetryLimits();
        limits.Validate();
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton<TelemetryStore>();
        var gateway = builder.Configuration["Dashboard:Slo:GatewayService"] ?? "gateway";
        builder.Services.AddSingleton(new SloLedger(SloDefinition.Current, gateway));
        return builder;
    }

    public static WebApplicationBuilder AddOtlpReceiver(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TelemetryIngest>();
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = 32 * 1024 * 1024);
        return builder;
    }

    public static WebApplication MapOtlpReceiver(this WebApplication app)
    {
        app.MapGrpcService<OtlpGrpcTraceService>().AllowAnonymous();
        app.MapGrpcService<OtlpGrpcLogsService>().AllowAnonymous();
        app.MapGrpcService<OtlpGrpcMetricsService>().AllowAnonymous();
        var otlpHttp = app.MapGroup("").AllowAnonymous();
        otlpHttp.MapOtlpHttp();
        return app;
    }
}
