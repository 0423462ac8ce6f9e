using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// <c>AddLocalRedis</c>: used exactly like Aspire's <c>AddRedis</c> (<c>WithReference</c> sets
/// <c>ConnectionStrings__&lt;name&gt;</c>, <c>WaitFor</c> waits for a PONG). On a machine with Docker,
/// <c>builder.AddRedis("cache")</c> (Aspire.Hosting.Redis) takes its place.
/// </summary>
public static class LocalRedisBuilderExtensions
{
    /// <summary>Room for every basket and a warm catalogue cache on a laptop; state it, so a leak shows as an error, not as swapping.</summary>
    public const string MaxMemory = "256mb";

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var redis = new LocalRedisResource(name, RunDirectory.Of(builder).For(name), password);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, (_, ct) => WriteConfigurationAsync(redis, ct));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheck, _ => new RedisPingHealthCheck(redis), failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(2)));

        return builder.AddResource(redis)
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add(ConfigurationFile(redis));
                context.Args.Add("--port");
                context.Args.Add(redis.ServerEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheck);
    }

    private static string ConfigurationFile(LocalRedisResource redis) => Path.Combine(redis.DataDirectory, "redis.conf");

    /// <summary>
    /// The password lives in a file only the AppHost's user can read, not on a command line anyone can see in <c>ps</c>.
    /// </summary>
    private static async Task WriteConfigurationAsync(LocalRedisResource redis, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(redis.DataDirectory);
        var password = await redis.Password.GetValueAsync(cancellationToken);
        var file = ConfigurationFile(redis);
        await File.WriteAllTextAsync(file, $"""
            bind 127.0.0.1
            protected-mode yes
            requirepass {password}
            dir {redis.DataDirectory}
            # Acknowledged writes older than a second survive a kill: the AOF is fsynced every second.
            appendonly yes
            appendfsync everysec
            save ""
            # Baskets carry a TTL, so a volatile-* policy could evict them silently. With noeviction a full
            # Redis refuses writes with an error the services report, and no basket disappears.
            maxmemory {MaxMemory}
            maxmemory-policy noeviction
            daemonize no

            """, cancellationToken);
        FileModes.OwnerOnly(file);
    }
}
