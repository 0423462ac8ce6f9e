using Reference.AppHost.Model;

namespace Reference.AppHost.Supervision;

/// <summary>
/// The environment of a project replica, exactly as Aspire sets it, so a service runs unchanged under
/// a real Aspire AppHost: connection strings, service discovery, OpenTelemetry, URLs.
/// </summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string?> For(ProjectReplica replica, RunContext context)
    {
        var project = (ProjectResource)replica.Resource.Declaration;
        var env = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = replica.Endpoint!.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.Options.EnvironmentName,
            // Launched by us, not by `dotnet run`: no launch profile may override the URLs above.
            ["DOTNET_LAUNCH_PROFILE"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_HTTPS_PORTS"] = null,
        };

        if (project is DashboardResource)
        {
            AddDashboard(env, context);
        }
        else
        {
            AddTelemetry(env, replica, context);
            env["Admin__ApiKey"] = context.AdminApiKey;
            foreach (var reference in project.References) AddReference(env, reference, context);
        }

        foreach (var (key, value) in project.Environment) env[key] = value;
        foreach (var (key, value) in context.Options.Environment)
        {
            if (project is not DashboardResource) env[key] = value;
        }
        if (context.Options.ResourceEnvironment.TryGetValue(project.Name, out var own))
        {
            foreach (var (key, value) in own) env[key] = value;
        }
        return env;
    }

    private static void AddTelemetry(Dictionary<string, string?> env, ProjectReplica replica, RunContext context)
    {
        env["OTEL_SERVICE_NAME"] = replica.Resource.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica.InstanceName}";
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        // No dashboard in this run: no exporter endpoint, so nothing is exported (and nothing inherited leaks in).
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = context.Dashboard?.OtlpGrpc.ToString().TrimEnd('/');
        // Local runs want telemetry on screen within seconds, not the SDK defaults of 5 s and 60 s.
        env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
    }

    private static void AddReference(Dictionary<string, string?> env, Resource reference, RunContext context)
    {
        if (!context.Resources.TryGetValue(reference.Owner.Name, out var owner)) return; // left out of this run
        switch (reference)
        {
            case PostgresDatabaseResource database:
                env[$"ConnectionStrings__{database.Name}"] = ((PostgresReplica)owner.Replicas[0]).ConnectionString(database.DatabaseName);
                break;
            case RedisResource redis:
                env[$"ConnectionStrings__{redis.Name}"] = ((RedisReplica)owner.Replicas[0]).ConnectionString;
                break;
            case ProjectResource:
                for (var i = 0; i < owner.Replicas.Count; i++)
                {
                    env[$"services__{owner.Name}__http__{i}"] = owner.Replicas[i].Endpoint!.ToString().TrimEnd('/');
                }
                break;
        }
    }

    private static void AddDashboard(Dictionary<string, string?> env, RunContext context)
    {
        var dashboard = context.Dashboard ?? throw new InvalidOperationException("The dashboard's endpoints were not allocated.");
        env["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"] = dashboard.OtlpGrpc.ToString().TrimEnd('/');
        env["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = dashboard.OtlpHttp.ToString().TrimEnd('/');
        env["Dashboard__Frontend__BrowserToken"] = dashboard.BrowserToken;
        env["AppHost__ControlUrl"] = context.ControlUrl?.ToString().TrimEnd('/');
        env["AppHost__ControlToken"] = context.ControlToken;
    }
}
