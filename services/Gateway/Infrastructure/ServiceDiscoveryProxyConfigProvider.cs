using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Reference.Gateway.Infrastructure;

/// <summary>
/// YARP routes for the three services and clusters whose destinations are read from configuration
/// <c>services:&lt;name&gt;:http:&lt;i&gt;</c> (and <c>https</c>) — Aspire's service discovery convention.
/// Rebuilt whenever configuration reloads.
/// </summary>
internal sealed class ServiceDiscoveryProxyConfigProvider(
    IConfiguration configuration, IOptions<GatewayOptions> options, ILogger<ServiceDiscoveryProxyConfigProvider> logger) : IProxyConfigProvider
{
    /// <summary>Route prefix → cluster (= service name). The catch-all also matches the bare prefix.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Service)> Routes =
    [
        ("/api/catalog", "catalog"),
        ("/api/basket", "basket"),
        ("/api/orders", "ordering"),
    ];

    public IProxyConfig GetConfig()
    {
        var routes = Routes.Select(r => new RouteConfig
        {
            RouteId = r.Service,
            ClusterId = r.Service,
            Match = new RouteMatch { Path = r.Prefix + "/{**rest}" },
        }).ToList();
        var clusters = Routes.Select(r => Cluster(r.Service)).ToList();
        return new Snapshot(routes, clusters, configuration.GetReloadToken());
    }

    private ClusterConfig Cluster(string service)
    {
        var o = options.Value;
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var scheme in new[] { "http", "https" })
        {
            foreach (var endpoint in configuration.GetSection($"services:{service}:{scheme}").GetChildren())
            {
                if (!string.IsNullOrWhiteSpace(endpoint.Value))
                {
                    destinations[$"{service}/{scheme}/{endpoint.Key}"] = new DestinationConfig { Address = endpoint.Value };
                }
            }
        }
        if (destinations.Count == 0)
        {
            logger.LogWarning("No destinations for {Service}: set services__{Service}__http__0. Its routes answer 503 until then.", service, service);
        }

        return new ClusterConfig
        {
            ClusterId = service,
            Destinations = destinations,
            LoadBalancingPolicy = "PowerOfTwoChoices",
            HealthCheck = new HealthCheckConfig
            {
                // No healthy replica means 503 + Retry-After now, not a request sent to a known-dead one.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = o.HealthCheckInterval,
                    Timeout = o.HealthCheckTimeout,
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/health",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = o.PassiveReactivationPeriod,
                },
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = o.ProxyActivityTimeout },
            Metadata = new Dictionary<string, string>
            {
                ["ConsecutiveFailuresHealthPolicy.Threshold"] = o.UnhealthyAfterFailedProbes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    private sealed record Snapshot(IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters, IChangeToken ChangeToken) : IProxyConfig;
}
