using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Reference.ServiceDefaults;

/// <summary>
/// What Aspire.Npgsql gives a service, built here because no Aspire package is served: an
/// <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings__{name}</c>, a readiness check, traces
/// and metrics (registered in <see cref="Telemetry"/>), and a timeout on every round trip.
/// </summary>
public static class PostgresExtensions
{
    /// <summary>Seconds to wait for a connection when the connection string does not say.</summary>
    public const int DefaultConnectTimeoutSeconds = 3;

    /// <summary>Seconds a command may run when the connection string does not say.</summary>
    public const int DefaultCommandTimeoutSeconds = 5;

    public static TBuilder AddNpgsqlDataSource<TBuilder>(this TBuilder builder, string connectionName) where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Set the environment variable ConnectionStrings__{connectionName} (the AppHost does this).");
        }

        var csb = WithDefaultTimeouts(connectionString);
        builder.Services.AddNpgsqlDataSource(csb.ConnectionString, dataSource => dataSource.ConfigureTracing(tracing =>
            // Trace a command only as part of an operation already being traced (a request, a settlement).
            // A background poll every second would otherwise be a fresh one-span trace each time, and
            // bury the traces a person is looking for.
            tracing.ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null)));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"postgres-{connectionName}",
            sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(DefaultConnectTimeoutSeconds)));
        return builder;
    }

    /// <summary>Every round trip has a bound: connect, command and cancellation timeouts unless the string sets them.</summary>
    public static NpgsqlConnectionStringBuilder WithDefaultTimeouts(string connectionString)
    {
        // A generic builder keeps only the keys actually written, so we can tell "unset" from "default".
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Has(params string[] keys) => keys.Any(written.ContainsKey);

        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has("Timeout")) csb.Timeout = DefaultConnectTimeoutSeconds;
        if (!Has("Command Timeout", "CommandTimeout")) csb.CommandTimeout = DefaultCommandTimeoutSeconds;
        // Without keepalives a silently dead server (a blackhole) would hold pooled connections forever.
        if (!Has("Keepalive")) csb.KeepAlive = 10;
        return csb;
    }
}

/// <summary>Ready when one <c>SELECT 1</c> round trip succeeds within the check's timeout.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"postgres unreachable: {ex.Message}");
        }
    }
}
