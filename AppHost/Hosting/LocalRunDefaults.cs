using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// What <c>./reference up</c> needs that an Aspire template keeps in launchSettings.json: the dashboard on
/// a port a person remembers (<c>--dashboard-port</c>, default 18888), OTLP on a free loopback port, plain
/// http on loopback. Anything already configured (e.g. by Aspire.Hosting.Testing) wins.
/// </summary>
public static class LocalRunDefaults
{
    public const int DashboardPort = 18888;
    public const int GatewayPort = 5000;

    /// <summary>Leaves the dashboard out (and with it OTLP export): for measuring, or a small machine.</summary>
    public const string NoDashboard = "--no-dashboard";

    /// <summary>Aspire's options from the command line: <c>--no-dashboard</c> is ours; everything else is configuration.</summary>
    public static DistributedApplicationOptions Options(string[] args) => new()
    {
        Args = [.. args.Where(a => a != NoDashboard)],
        DisableDashboard = args.Contains(NoDashboard),
    };

    public static IDistributedApplicationBuilder UseLocalRunDefaults(this IDistributedApplicationBuilder builder, DistributedApplicationOptions options)
    {
        // Start-up shows health as one line per change (StartupProgress); the AppHost's own probes failing
        // while a resource boots are not errors a person needs to read.
        builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical));
        if (options.DisableDashboard)
        {
            // Aspire still points every project's OTLP exporter at a dashboard address; with nobody there the
            // exporters would retry in the background and hold each shutdown for their timeout. No endpoint: no export.
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
                {
                    project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = ""));
                }
                return Task.CompletedTask;
            });
        }
        if (builder.ExecutionContext.IsRunMode && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            var dashboardPort = builder.Configuration["dashboard-port"] ?? DashboardPort.ToString();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{dashboardPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreeLoopbackPort()}",
                // Everything is on loopback; no certificate to trust for a local run.
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                // Ctrl+C returns only once DCP has stopped every process: nothing outlives the AppHost.
                ["DcpPublisher:WaitForResourceCleanup"] = "true",
            });
        }
        return builder;
    }

    /// <summary>The gateway's port: <c>--gateway-port</c> (0 = any free port), default 5000. A bad value ends the run with exit code 2.</summary>
    public static int? GatewayPortSetting(this IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration["gateway-port"] is not { } value) return GatewayPort;
        if (int.TryParse(value, out var port) && port is >= 0 and <= 65535) return port == 0 ? null : port;
        Console.Error.WriteLine($"reference: --gateway-port must be a port number 0..65535 (0 = any free port), not '{value}'.");
        Environment.Exit(2);
        return null; // unreachable
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
