using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// Prometheus from the machine's <c>prometheus</c> package as an executable resource: scrapes every service
/// replica's <c>/metrics</c> and evaluates the SLO rules generated into <c>deploy/prometheus/rules</c>.
/// Its data lives in the run directory (gone after the run unless <c>--data-dir</c> keeps it).
/// </summary>
public sealed class LocalPrometheusResource(string name, string dataDirectory, string rulesDirectory)
    : ExecutableResource(name, Environment.GetEnvironmentVariable("REFERENCE_PROMETHEUS") ?? "/usr/bin/prometheus", workingDirectory: dataDirectory)
{
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Where the generated rule files are read from (<c>deploy/prometheus/rules</c> of this repository).</summary>
    public string RulesDirectory { get; } = rulesDirectory;

    public string ConfigurationFile => Path.Combine(DataDirectory, "prometheus.yml");

    /// <summary>The scrape targets, as file-based service discovery reads them; rewritten whenever a target's port is known.</summary>
    public string TargetsFile => Path.Combine(DataDirectory, "targets.json");

    public EndpointReference HttpEndpoint => new(this, "http");

    /// <summary>What it scrapes: each project resource under its job (the service name: catalog-0 and catalog-1 are job catalog).</summary>
    public List<(string Job, ProjectResource Target)> ScrapeTargets { get; } = [];
}
