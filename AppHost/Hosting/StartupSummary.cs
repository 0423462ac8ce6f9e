using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// When the gateway is healthy (it waits for everything else, so the whole system is), prints where to go
/// and how long start-up took. Aspire itself prints the dashboard's login URL as it starts.
/// </summary>
public static class StartupSummary
{
    public static IResourceBuilder<ProjectResource> WithStartupSummary(this IResourceBuilder<ProjectResource> gateway)
    {
        if (!gateway.ApplicationBuilder.ExecutionContext.IsRunMode) return gateway;
        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (_, _) =>
        {
            var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
            var url = $"http://127.0.0.1:{gateway.Resource.GetEndpoint("http").Port}";
            var data = RunDirectory.Of(gateway.ApplicationBuilder);
            Console.WriteLine($"""

                Reference is up in {elapsed.TotalSeconds:0.0} s (every resource healthy).
                  storefront  {url}/
                  catalog API {url}/api/catalog/items
                  dashboard   the login URL above ("Login to the dashboard at …"); admin key: Parameters → admin-key
                  data        {data.Root} ({(data.Keep ? "kept" : "removed on stop")})
                Ctrl+C stops everything.

                """);
            return Task.CompletedTask;
        });
        return gateway;
    }
}
