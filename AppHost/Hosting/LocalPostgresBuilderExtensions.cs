using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// <c>AddLocalPostgres</c> / <c>AddDatabase</c>: used exactly like Aspire's <c>AddPostgres</c>, so
/// <c>WithReference</c> sets <c>ConnectionStrings__&lt;db&gt;</c> and <c>WaitFor</c> waits until the database answers.
/// On a machine with Docker, <c>builder.AddPostgres("postgres")</c> (Aspire.Hosting.PostgreSQL) takes its place.
/// </summary>
public static class LocalPostgresBuilderExtensions
{
    /// <summary>Debian's PostgreSQL 15; <c>REFERENCE_PG_BIN</c> points elsewhere.</summary>
    public static string BinDirectory => Environment.GetEnvironmentVariable("REFERENCE_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var dataRoot = RunDirectory.Of(builder).For(name);
        var (command, prefix) = ServiceUser.Wrap(Path.Combine(BinDirectory, "postgres"));
        var postgres = new LocalPostgresResource(name, command, dataRoot, password);
        // fsync on for people's runs; tests may turn it off (config Postgres:Fsync=false) for speed.
        var fsync = builder.Configuration["Postgres:Fsync"] is not "false";

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(postgres, (_, ct) => PostgresCluster.PrepareAsync(postgres, ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(postgres, async (_, ct) =>
            await PostgresCluster.CreateDatabasesAsync(await postgres.ServerConnectionStringExpression.GetValueAsync(ct) ?? "", postgres.Databases.Values, ct));
        // Aspire passes a parent's state on to its databases only for containers; an executable's we pass on ourselves.
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            ParentState.Mirror(postgres, @event.Services);
            return Task.CompletedTask;
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new PostgresHealthCheck(postgres, "postgres"), null, null));

        return builder.AddResource(postgres)
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in prefix) context.Args.Add(arg);
                context.Args.Add("-D");
                context.Args.Add(PostgresCluster.DataDirectory(postgres));
                context.Args.Add("-p");
                context.Args.Add(postgres.ServerEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-h");
                context.Args.Add("127.0.0.1");
                context.Args.Add("-k");
                context.Args.Add(PostgresCluster.SocketDirectory(postgres));
                foreach (var setting in PostgresCluster.Settings(fsync))
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheck);
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> builder, [ResourceName] string name, string? databaseName = null)
    {
        databaseName ??= name;
        if (!databaseName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"Database name '{databaseName}' must be letters, digits and underscores.", nameof(databaseName));
        builder.Resource.AddDatabase(name, databaseName);
        var database = new LocalPostgresDatabaseResource(name, databaseName, builder.Resource);

        var healthCheck = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new PostgresHealthCheck(builder.Resource, databaseName), null, null));

        return builder.ApplicationBuilder.AddResource(database).WithHealthCheck(healthCheck);
    }

    /// <summary>
    /// A database outside the system under test that only shares our server because this machine has one:
    /// faults injected on the way to <em>our</em> Postgres must not reach it.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> WithoutFaultProxy(this IResourceBuilder<LocalPostgresDatabaseResource> database)
    {
        database.Resource.BypassesFaultProxy = true;
        return database;
    }
}
