using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// <c>AddLocalPrometheus</c>: Prometheus as an executable resource, its UI linked on the dashboard, ready when
/// <c>/-/ready</c> answers. <c>WithScrapeTargets</c> names what it scrapes; the targets file is written from the
/// AppHost's endpoints as their ports are allocated, and Prometheus picks it up (file_sd) without a restart.
/// </summary>
public static class LocalPrometheusBuilderExtensions
{
    /// <summary>Short, so a test sees a scrape and a rule evaluation within seconds; cheap at this system's size.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    private static readonly Lock TargetsWrite = new();

    public static IResourceBuilder<LocalPrometheusResource> AddLocalPrometheus(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var rules = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "deploy", "prometheus", "rules"));
        var prometheus = new LocalPrometheusResource(name, RunDirectory.Of(builder).For(name), rules);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus, (_, ct) =>
        {
            WriteTargets(prometheus);
            return File.WriteAllTextAsync(prometheus.ConfigurationFile, Configuration(prometheus), ct);
        });

        return builder.AddResource(prometheus)
            .WithHttpEndpoint(name: "http", isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithArgs(context =>
            {
                context.Args.Add($"--config.file={prometheus.ConfigurationFile}");
                context.Args.Add($"--storage.tsdb.path={Path.Combine(prometheus.DataDirectory, "data")}");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{prometheus.HttpEndpoint.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--log.level=warn");
            })
            .WithHttpHealthCheck("/-/ready")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Prometheus")
            .WithUrls(context =>
            {
                if (!prometheus.HttpEndpoint.IsAllocated) return;
                context.Urls.Add(new ResourceUrlAnnotation { Url = prometheus.HttpEndpoint.Url + "/alerts", DisplayText = "Alerts" });
                context.Urls.Add(new ResourceUrlAnnotation { Url = prometheus.HttpEndpoint.Url + "/targets", DisplayText = "Targets" });
            })
            .WithIconName("ChartMultiple");
    }

    /// <summary>Scrapes every replica of a service under one job (the service's name).</summary>
    public static IResourceBuilder<LocalPrometheusResource> WithScrapeTargets(this IResourceBuilder<LocalPrometheusResource> prometheus, ProjectReplicaSet replicas)
    {
        foreach (var replica in replicas.Replicas) prometheus.WithScrapeTarget(replicas.Name, replica);
        return prometheus;
    }

    /// <summary>Scrapes each project under a job of its own name.</summary>
    public static IResourceBuilder<LocalPrometheusResource> WithScrapeTargets(this IResourceBuilder<LocalPrometheusResource> prometheus, params IResourceBuilder<ProjectResource>[] projects)
    {
        foreach (var project in projects) prometheus.WithScrapeTarget(project.Resource.Name, project);
        return prometheus;
    }

    /// <summary>Scrapes every fault proxy declared so far (their <c>reference_chaos_faults_active</c> marks chaos on the SLO page).</summary>
    public static IResourceBuilder<LocalPrometheusResource> WithFaultProxyScrapeTargets(this IResourceBuilder<LocalPrometheusResource> prometheus)
    {
        foreach (var proxy in prometheus.ApplicationBuilder.Resources.OfType<ProjectResource>().Where(r => r.HasAnnotationOfType<FaultProxyAnnotation>()))
        {
            prometheus.WithScrapeTarget(proxy.Name, prometheus.ApplicationBuilder.CreateResourceBuilder(proxy));
        }
        return prometheus;
    }

    private static void WithScrapeTarget(this IResourceBuilder<LocalPrometheusResource> prometheus, string job, IResourceBuilder<ProjectResource> project)
    {
        prometheus.Resource.ScrapeTargets.Add((job, project.Resource));
        // Ports of proxy-less endpoints are known only once DCP has allocated them, which may be after Prometheus started.
        prometheus.ApplicationBuilder.Eventing.Subscribe<ResourceEndpointsAllocatedEvent>(project.Resource, (_, _) =>
        {
            WriteTargets(prometheus.Resource);
            return Task.CompletedTask;
        });
    }

    private static string Configuration(LocalPrometheusResource prometheus) => $"""
        # Written by the AppHost for this run (AppHost/Hosting/LocalPrometheusBuilderExtensions.cs).
        global:
          scrape_interval: {ScrapeInterval.TotalSeconds}s
          scrape_timeout: {ScrapeInterval.TotalSeconds - 1}s
          evaluation_interval: {ScrapeInterval.TotalSeconds}s
        rule_files:
          - {JsonSerializer.Serialize(Path.Combine(prometheus.RulesDirectory, "*.yml"))}
        scrape_configs:
          - job_name: services
            metrics_path: /metrics
            file_sd_configs:
              - files: [{JsonSerializer.Serialize(prometheus.TargetsFile)}]

        """;

    /// <summary>
    /// Every target whose port is allocated, labelled with its job (the rules select <c>job="gateway"</c>) and its
    /// resource name as the instance. Written to a temporary file and renamed, so Prometheus never reads half a file.
    /// </summary>
    private static void WriteTargets(LocalPrometheusResource prometheus)
    {
        lock (TargetsWrite)
        {
            Directory.CreateDirectory(prometheus.DataDirectory);
            var groups = prometheus.ScrapeTargets
                .Select(t => (t.Job, t.Target, Endpoint: t.Target.GetEndpoint("http")))
                .Where(t => t.Endpoint.IsAllocated)
                .Select(t => new
                {
                    targets = new[] { $"127.0.0.1:{t.Endpoint.Port}" },
                    labels = new Dictionary<string, string> { ["job"] = t.Job, ["instance"] = t.Target.Name },
                });
            var temporary = prometheus.TargetsFile + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(groups));
            File.Move(temporary, prometheus.TargetsFile, overwrite: true);
        }
    }
}
