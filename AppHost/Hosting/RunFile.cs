using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// <c>.reference/run.json</c> at the repository root, written when the system is up and deleted on stop:
/// what the chaos CLI (<c>chaos/ChaosRunner</c>) needs to find a system started with <c>./reference up</c> —
/// the gateway, every service's endpoint, the fault proxies' control APIs, the ports to find a
/// process by, the admin key and the Ordering database (so: mode 0600). Suites started by tests write none.
/// </summary>
public static class RunFile
{
    public static IDistributedApplicationBuilder WithRunFile(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration["quiet"] is "true") return builder;
        var path = PathFor(builder);
        builder.Eventing.Subscribe<ResourceReadyEvent>((e, ct) => e.Resource.Name == "gateway" ? WriteAsync(e, builder, path, ct) : Task.CompletedTask);
        return builder;
    }

    /// <summary><c>--run-file PATH</c>, else <c>.reference/run.json</c> beside the AppHost's folder (the repository root).</summary>
    public static string PathFor(IDistributedApplicationBuilder builder) =>
        builder.Configuration["run-file"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Path.GetDirectoryName(builder.AppHostDirectory.TrimEnd(Path.DirectorySeparatorChar))!, ".reference", "run.json");

    private static async Task WriteAsync(ResourceReadyEvent e, IDistributedApplicationBuilder builder, string path, CancellationToken ct)
    {
        var model = e.Services.GetRequiredService<DistributedApplicationModel>();
        var projects = model.Resources.OfType<ProjectResource>().ToList();
        var services = projects.Where(IsService).ToList();
        var servers = model.Resources.OfType<IResourceWithFaultProxy>().ToList();
        var adminKey = await model.Resources.OfType<ParameterResource>().Single(p => p.Name == "admin-key").GetValueAsync(ct);

        var run = new
        {
            appHostPid = Environment.ProcessId,
            gateway = services.Single(s => s.Name == "gateway").GetEndpoint("http").Url,
            services = services.ToDictionary(s => s.Name, s => s.GetEndpoint("http").Url),
            faultProxies = servers.Select(s => projects.SingleOrDefault(p => p.Name == $"{s.Name}-faults")).OfType<ProjectResource>()
                .ToDictionary(p => p.Name[..^"-faults".Length], p => p.GetEndpoint("http").Url),
            // A process is found by the port it listens on: a restarted one keeps the port.
            ports = services.ToDictionary(s => s.Name, s => s.GetEndpoint("http").Port)
                .Concat(servers.Select(s => KeyValuePair.Create(s.Name, s.ServerEndpoint.Port)))
                .ToDictionary(),
            adminKey,
            // Straight to the server, not through its fault proxy: the CLI's data probes must see the data, not the fault.
            connectionStrings = await DirectToServerAsync(model, ["orderingdb", "paymentsdb"], servers.Single(s => s.Name == "postgres").ServerEndpoint.Port, ct),
            edges = services.SelectMany(s => s.Annotations.OfType<ResourceRelationshipAnnotation>()
                    .Where(r => r.Type == "Reference" && r.Resource is not ParameterResource)
                    .Select(r => new { caller = s.Name, dependency = r.Resource.Name }))
                .Distinct().ToList(),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "", ct);
        FileModes.OwnerOnly(path); // before the secrets go in
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true }), ct);
        e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => File.Delete(path));
    }

    private static async Task<Dictionary<string, string>> DirectToServerAsync(DistributedApplicationModel model, string[] databases, int port, CancellationToken ct)
    {
        var result = new Dictionary<string, string>();
        foreach (var name in databases)
        {
            var database = model.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == name);
            result[name] = new Npgsql.NpgsqlConnectionStringBuilder(await database.ConnectionStringExpression.GetValueAsync(ct)) { Host = "127.0.0.1", Port = port }.ConnectionString;
        }
        return result;
    }

    /// <summary>The system's own services are the projects under <c>services/</c> (the fault proxies are projects too).</summary>
    private static bool IsService(ProjectResource project) =>
        project.TryGetLastAnnotation<IProjectMetadata>(out var metadata)
        && metadata.ProjectPath.Contains($"{Path.DirectorySeparatorChar}services{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
