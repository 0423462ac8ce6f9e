using Reference.Gateway.Infrastructure;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The proxied surface: <c>/api/catalog/**</c> → catalog, <c>/api/basket/**</c> → basket,
/// <c>/api/orders/**</c> → ordering (see <see cref="ServiceDiscoveryProxyConfigProvider.Routes"/>).
/// </summary>
public static class ServiceRoutesApi
{
    public static WebApplication MapServiceRoutes(this WebApplication app)
    {
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(ProxyPipeline.FailFastAndRetryRefusedAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }
}
