using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Reference.Chaos.FaultProxy.Client;

namespace Aspire.Hosting;

/// <summary>The "chaos" resource in the dashboard: one place to see that faults exist and to take them all away.</summary>
public sealed class ChaosControlResource(string name) : Resource(name);

/// <summary>
/// Dashboard commands for the faults that live inside services (Polly chaos behind <c>/admin/chaos</c>, Payments'
/// provider behaviour) and the one "Restore everything" that undoes every kind of fault at once.
/// </summary>
public static class ChaosCommands
{
    public const string FlakyCommand = "chaos-flaky";
    public const string RestoreEverythingCommand = "chaos-restore-everything";

    /// <summary>Payments answers half its calls with a failure and every one a second late (the payments-flaky experiment's fault).</summary>
    public static IResourceBuilder<ProjectResource> WithFlakyCommand(this IResourceBuilder<ProjectResource> payments, IResourceBuilder<ParameterResource> adminKey) =>
        payments.WithCommand(FlakyCommand, "Flaky 50 %", async context =>
        {
            using var http = await AdminClientAsync(payments.Resource, adminKey.Resource, context.CancellationToken);
            using var response = await http.PutAsJsonAsync("/api/payments/behaviour", new { failureRate = 0.5, latencyMs = 1000 }, context.CancellationToken);
            return response.IsSuccessStatusCode ? CommandResults.Success() : CommandResults.Failure($"payments answered {(int)response.StatusCode}");
        }, new CommandOptions { Description = "Chaos: 50 % of payment calls fail, all take +1 s, for 5 min (or until Restore everything).", IconName = "Warning" });

    /// <summary>
    /// Adds the <c>chaos</c> resource with "Restore everything": every paused process resumed, every fault
    /// proxy reset, every service's <c>/admin/chaos</c> cleared.
    /// </summary>
    public static IResourceBuilder<ChaosControlResource> AddChaosControl(this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> adminKey) =>
        builder.AddResource(new ChaosControlResource("chaos"))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Chaos",
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                Properties = [],
            })
            .WithIconName("Beaker")
            .WithCommand(RestoreEverythingCommand, "Restore everything", async context =>
            {
                var model = context.Services.GetRequiredService<DistributedApplicationModel>();
                var problems = new List<string>();
                // Paused processes first: a frozen service could not take the requests below.
                var commands = context.Services.GetRequiredService<ResourceCommandService>();
                foreach (var resource in model.Resources.Where(r => r.Annotations.OfType<ResourceCommandAnnotation>().Any(c => c.Name == ProcessFaults.ResumeCommand)))
                {
                    await Try(problems, resource.Name, async () => await commands.ExecuteCommandAsync(resource, ProcessFaults.ResumeCommand, context.CancellationToken));
                }
                foreach (var server in model.Resources.OfType<IResourceWithFaultProxy>().Where(s => s.FaultProxyEndpoint is not null))
                {
                    var proxy = model.Resources.OfType<ProjectResource>().Single(p => p.Name == $"{server.Name}-faults");
                    await Try(problems, proxy.Name, () => new FaultProxyClient(new Uri(proxy.GetEndpoint("http").Url)).ResetAsync(context.CancellationToken));
                }
                foreach (var project in model.Resources.OfType<ProjectResource>().Where(p => p.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "http")))
                {
                    await Try(problems, project.Name, async () =>
                    {
                        using var http = await AdminClientAsync(project, adminKey.Resource, context.CancellationToken);
                        using var response = await http.DeleteAsync("/admin/chaos", context.CancellationToken);
                        // 404: chaos is not armed in this service (Production), so there is nothing to clear.
                        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
                            throw new InvalidOperationException($"/admin/chaos answered {(int)response.StatusCode}");
                    });
                }
                return problems.Count == 0 ? CommandResults.Success() : CommandResults.Failure(string.Join("; ", problems));
            }, new CommandOptions { Description = "Remove every fault: proxies, in-process chaos, paused processes.", IconName = "ArrowReset", IsHighlighted = true });

    private static async Task<HttpClient> AdminClientAsync(ProjectResource project, ParameterResource adminKey, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(project.GetEndpoint("http").Url), Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Add("X-Admin-Key", await adminKey.GetValueAsync(cancellationToken));
        return http;
    }

    private static async Task Try(List<string> problems, string resource, Func<Task> restore)
    {
        try
        {
            await restore();
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or FaultProxyException)
        {
            problems.Add($"{resource}: {ex.Message}");
        }
    }
}
