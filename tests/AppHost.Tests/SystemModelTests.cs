using Reference.AppHost.Hosting;
using Reference.AppHost.Model;
using Reference.AppHost.Supervision;

namespace Reference.AppHost.Tests;

/// <summary>The declared system, built but not started: what runs, and the environment each project gets (Aspire's names).</summary>
public class SystemModelTests
{
    private static async Task<ReferenceApplication> BuildAsync(ReferenceAppOptions options, Func<ReferenceApplication, Task> inspect)
    {
        var builder = ReferenceApp.CreateBuilder(options);
        SystemModel.Declare(builder);
        var app = builder.Build();
        try { await inspect(app); }
        finally { await app.DisposeAsync(); }
        return app;
    }

    [Fact]
    public async Task The_whole_system_is_eight_resources_with_two_catalog_replicas()
    {
        await BuildAsync(new ReferenceAppOptions(), app =>
        {
            Assert.Equal(["dashboard", "postgres", "cache", "catalog", "basket", "payments", "ordering", "gateway"], app.Resources.Keys);
            Assert.Equal(2, app.Resources["catalog"].Replicas.Count);
            Assert.Equal("dashboard", app.Resources["dashboard"].Type);
            var ports = app.Resources.Values.SelectMany(r => r.Endpoints).Select(u => u.Port).ToList();
            Assert.Equal(ports.Count, ports.Distinct().Count());
            return Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData("payments", false, new[] { "payments" })]
    [InlineData("catalog", false, new[] { "postgres", "cache", "catalog" })]
    [InlineData("basket", true, new[] { "dashboard", "postgres", "cache", "catalog", "basket" })]
    [InlineData("catalogdb", false, new[] { "postgres" })]
    public async Task Only_runs_what_was_asked_and_everything_it_depends_on(string only, bool dashboard, string[] expected)
    {
        await BuildAsync(new ReferenceAppOptions { Only = [only], IncludeDashboard = dashboard }, app =>
        {
            Assert.Equal(expected, app.Resources.Keys);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void An_unknown_resource_name_is_refused_with_the_known_ones()
    {
        var builder = ReferenceApp.CreateBuilder(new ReferenceAppOptions { Only = ["nope"] });
        SystemModel.Declare(builder);

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("nope", error.Message);
        Assert.Contains("catalog", error.Message);
    }

    [Fact]
    public async Task A_project_gets_service_discovery_telemetry_and_overrides_as_aspire_sets_them()
    {
        var options = new ReferenceAppOptions
        {
            GatewayPort = null,
            EnvironmentName = "Production",
            Environment = new Dictionary<string, string> { ["Shutdown__NotReadyDelay"] = "00:00:00" },
            ResourceEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["gateway"] = new Dictionary<string, string> { ["Chaos__Enabled"] = "false" } },
        };
        await BuildAsync(options, app =>
        {
            var gateway = (ProjectReplica)app.Resources["gateway"].Replicas[0];
            var env = ServiceEnvironment.For(gateway, app.Context);

            Assert.Equal(gateway.Endpoint.ToString().TrimEnd('/'), env["ASPNETCORE_URLS"]);
            Assert.StartsWith("http://127.0.0.1:", env["ASPNETCORE_URLS"]);
            Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal(app.GetEndpoint("catalog", 0).ToString().TrimEnd('/'), env["services__catalog__http__0"]);
            Assert.Equal(app.GetEndpoint("catalog", 1).ToString().TrimEnd('/'), env["services__catalog__http__1"]);
            Assert.Equal(app.GetEndpoint("basket").ToString().TrimEnd('/'), env["services__basket__http__0"]);
            Assert.Equal(app.GetEndpoint("ordering").ToString().TrimEnd('/'), env["services__ordering__http__0"]);
            Assert.False(env.ContainsKey("services__payments__http__0"), "the gateway does not reference payments");
            Assert.Equal("gateway", env["OTEL_SERVICE_NAME"]);
            Assert.Equal("service.instance.id=gateway-0", env["OTEL_RESOURCE_ATTRIBUTES"]);
            Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
            Assert.Equal(app.DashboardOtlpGrpcUrl!.ToString().TrimEnd('/'), env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
            Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
            Assert.Equal("5000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
            Assert.Equal(app.AdminApiKey, env["Admin__ApiKey"]);
            Assert.Equal("00:00:00", env["Shutdown__NotReadyDelay"]);
            Assert.Equal("false", env["Chaos__Enabled"]);

            var basket = ServiceEnvironment.For((ProjectReplica)app.Resources["basket"].Replicas[0], app.Context);
            Assert.Equal(app.GetConnectionString("cache"), basket["ConnectionStrings__cache"]);
            Assert.Equal(env["services__catalog__http__1"], basket["services__catalog__http__1"]);
            Assert.Equal("service.instance.id=basket-0", basket["OTEL_RESOURCE_ATTRIBUTES"]);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task The_dashboard_gets_its_listeners_its_token_and_the_control_api()
    {
        await BuildAsync(new ReferenceAppOptions(), app =>
        {
            var dashboard = (ProjectReplica)app.Resources["dashboard"].Replicas[0];
            app.Context.ControlUrl = new Uri("http://127.0.0.1:1234/");
            var env = ServiceEnvironment.For(dashboard, app.Context);

            Assert.Equal(app.DashboardUrl!.ToString().TrimEnd('/'), env["ASPNETCORE_URLS"]);
            Assert.Equal(app.DashboardOtlpGrpcUrl!.ToString().TrimEnd('/'), env["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"]);
            Assert.Equal(app.DashboardOtlpHttpUrl!.ToString().TrimEnd('/'), env["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]);
            Assert.Equal(app.DashboardBrowserToken, env["Dashboard__Frontend__BrowserToken"]);
            Assert.Equal("http://127.0.0.1:1234", env["AppHost__ControlUrl"]);
            Assert.Equal(app.ControlToken, env["AppHost__ControlToken"]);
            Assert.False(env.ContainsKey("OTEL_SERVICE_NAME"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Without_the_dashboard_nothing_is_exported()
    {
        await BuildAsync(new ReferenceAppOptions { IncludeDashboard = false, Only = ["payments"] }, app =>
        {
            var env = ServiceEnvironment.For((ProjectReplica)app.Resources["payments"].Replicas[0], app.Context);
            Assert.True(env.TryGetValue("OTEL_EXPORTER_OTLP_ENDPOINT", out var endpoint) && endpoint is null, "the variable is removed, not inherited");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Declarations_refuse_what_cannot_work()
    {
        var builder = ReferenceApp.CreateBuilder(new ReferenceAppOptions());
        var project = builder.AddProject("svc", "services/Catalog");

        Assert.Throws<ArgumentException>(() => builder.AddProject("svc", "services/Basket"));
        Assert.Throws<ArgumentException>(() => builder.AddProject("Bad Name", "services/Basket"));
        Assert.Throws<ArgumentOutOfRangeException>(() => project.WithReplicas(0));
        Assert.Throws<InvalidOperationException>(() => project.WithReplicas(2).WithHttpEndpoint(port: 5000));
        Assert.Throws<ArgumentException>(() => project.WithReference(project));
        Assert.Throws<ArgumentException>(() => project.WaitFor(project));
    }
}
