using Aspire.Hosting.ApplicationModel;
using Reference.Chaos.FaultProxy.Client;

namespace Aspire.Hosting;

/// <summary>A server whose clients can be sent through a fault proxy (chaos/FaultProxy) instead of straight to it.</summary>
public interface IResourceWithFaultProxy : IResourceWithEndpoints, IResourceWithWaitSupport
{
    /// <summary>Where the server itself listens: the AppHost's health checks and set-up go here, never through faults.</summary>
    EndpointReference ServerEndpoint { get; }

    /// <summary>The proxy's TCP endpoint once <c>WithFaultProxy</c> was declared; clients' connection strings use it.</summary>
    EndpointReference? FaultProxyEndpoint { get; set; }
}

/// <summary>
/// <c>.WithFaultProxy()</c>: puts a TCP fault proxy (Toxiproxy's model, written here) between a server and
/// every client. The proxy is its own resource (<c>postgres-faults</c>), started before the server; with no
/// fault active it passes bytes through. The server gets dashboard commands for the faults the chaos
/// experiments use, and "Restore" to remove them.
/// </summary>
public static class FaultProxyBuilderExtensions
{
    public static readonly TimeSpan CommandFaultTtl = TimeSpan.FromMinutes(5);

    /// <remarks>
    /// <c>--fault-proxy false</c> leaves the proxies out: the load gates measure the system as it would be
    /// deployed, not the chaos instrumentation (a proxy costs CPU on every byte; see docs/chaos.md).
    /// </remarks>
    public static IResourceBuilder<T> WithFaultProxy<T>(this IResourceBuilder<T> server) where T : IResourceWithFaultProxy
    {
        if (server.ApplicationBuilder.Configuration["fault-proxy"] is "false") return server;

        var proxy = server.ApplicationBuilder.AddProject<Projects.FaultProxy>($"{server.Resource.Name}-faults", launchProfileName: null)
            .WithLoopbackHttpEndpoint()
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithEndpoint("tcp", endpoint => endpoint.TargetHost = "127.0.0.1");
        var listen = proxy.GetEndpoint("tcp");
        proxy
            .WithEnvironment("FaultProxy__Listen", ReferenceExpression.Create($"127.0.0.1:{listen.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("FaultProxy__Upstream", ReferenceExpression.Create($"127.0.0.1:{server.Resource.ServerEndpoint.Property(EndpointProperty.Port)}"))
            .WithEnvironment("FaultProxy__Target", server.Resource.Name)
            .WithAnnotation(new FaultProxyAnnotation())
            .WithHttpHealthCheck("/health")
            .WithRestartOnCrash()
            .WithIconName("ArrowSwap");
        server.Resource.FaultProxyEndpoint = listen;
        // Everything that waits for the server then also waits for the path its clients take.
        server.WaitFor(proxy);

        Uri Control() => new(proxy.Resource.GetEndpoint("http").Url);
        return server
            // Downstream only: latency in both directions would cost a round trip twice the 200 ms.
            .WithFaultCommand("chaos-latency", "Add latency 200 ms", "Chaos: +200 ms on every round trip through the proxy.",
                Control, FaultSpec.Latency(TimeSpan.FromMilliseconds(200)) with { Direction = FaultDirection.Downstream })
            .WithFaultCommand("chaos-blackhole", "Blackhole", "Chaos: accept connections, never answer.",
                Control, FaultSpec.Blackhole())
            .WithFaultCommand("chaos-down", "Down", "Chaos: refuse new connections and cut open ones.",
                Control, FaultSpec.Down())
            .WithCommand("chaos-restore", "Restore", async context =>
            {
                await new FaultProxyClient(Control()).ResetAsync(context.CancellationToken);
                return CommandResults.Success();
            }, new CommandOptions { Description = "Remove every fault from this proxy.", IconName = "ArrowReset", IsHighlighted = true });
    }

    private static IResourceBuilder<T> WithFaultCommand<T>(this IResourceBuilder<T> server, string name, string displayName, string description,
        Func<Uri> control, FaultSpec fault) where T : IResource =>
        server.WithCommand(name, displayName, async context =>
        {
            await new FaultProxyClient(control()).AddAsync(fault.For(CommandFaultTtl), context.CancellationToken);
            return CommandResults.Success();
        }, new CommandOptions { Description = $"{description} Removes itself after {CommandFaultTtl.TotalMinutes:0} min, or with Restore.", IconName = "Warning" });
}

/// <summary>Marks a fault proxy's resource, so Prometheus can find every proxy to scrape its fault gauge.</summary>
public sealed class FaultProxyAnnotation : IResourceAnnotation;
