using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Reference.ServiceDefaults;

/// <summary>
/// Aspire.Npgsql's <see cref="NpgsqlDataSource"/> (connection string from <c>ConnectionStrings__{name}</c>,
/// settings from <c>Aspire:Npgsql</c>, traces and metrics) with what this system adds: a bound on every
/// round trip, commands traced only inside an operation already being traced, and one readiness check
/// named for the database.
/// </summary>
public static class PostgresExtensions
{
    /// <summary>
    /// Seconds to wait for a connection when the connection string does not say. Also what a command timeout
    /// costs on top of itself against a silent server: Npgsql then sends a cancel request on a new connection,
    /// synchronously, under this timeout (<see cref="ThreadPoolFloor"/>). A connect on a LAN that takes longer is
    /// a server in trouble.
    /// </summary>
    public const int DefaultConnectTimeoutSeconds = 2;

    /// <summary>
    /// Seconds a command may run when the connection string does not say. Every journey's latency objective is
    /// under a second; a command still running after three has failed the user already. With the cancel request
    /// above, a silent database answers a request within 3 + 2 s (postgres-blackhole's bound, plus one second).
    /// </summary>
    public const int DefaultCommandTimeoutSeconds = 3;

    /// <summary>Npgsql's "Cancellation Timeout" for "do not wait for the server to confirm a cancel".</summary>
    public const int NoCancellationWait = -1;

    /// <summary>
    /// How long the readiness check waits for its <c>SELECT 1</c>. Below the gateway's 1 s probe timeout
    /// (<c>Gateway:HealthCheckTimeout</c>): with a silent database (a blackhole) a check that waited the 3 s
    /// connect timeout made /health itself time out, and the gateway ejected both Catalog replicas although
    /// their readiness says Degraded and they could still serve from the cache (browse fell to 31 % served).
    /// </summary>
    public static readonly TimeSpan ReadinessCheckTimeout = TimeSpan.FromMilliseconds(800);

    /// <summary>Seconds between TCP keepalives when the connection string does not say.</summary>
    public const int DefaultKeepAliveSeconds = 10;

    /// <summary>
    /// Registers the data source for <paramref name="connectionName"/>; readiness (<c>postgres-{name}</c>)
    /// reports <paramref name="failureStatus"/> while one <c>SELECT 1</c> fails or takes longer than <see cref="ReadinessCheckTimeout"/>.
    /// </summary>
    /// <param name="failureStatus">
    /// <see cref="HealthStatus.Unhealthy"/> where the database is the store; <see cref="HealthStatus.Degraded"/>
    /// where the service still serves without it (Catalog's cached reads), so the gateway keeps routing to it.
    /// </param>
    public static TBuilder AddPostgresDataSource<TBuilder>(this TBuilder builder, string connectionName, HealthStatus failureStatus = HealthStatus.Unhealthy)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddNpgsqlDataSource(connectionName,
            settings =>
            {
                var connectionString = ConnectionStrings.Require(settings.ConnectionString, connectionName);
                settings.ConnectionString = WithDefaultTimeouts(connectionString);
                // Aspire's check is named "PostgreSql" and has no timeout of its own: ours below replaces it.
                settings.DisableHealthChecks = true;
            },
            dataSource => dataSource.ConfigureTracing(tracing =>
                // Trace a command only as part of an operation already being traced (a request, a settlement).
                // A background poll every second would otherwise be a fresh one-span trace each time, and
                // bury the traces a person is looking for.
                tracing.ConfigureCommandFilter(_ => Activity.Current is not null)));

        // What a chaos fault on this connection throws: the exception Npgsql gives when the server is gone.
        builder.Services.AddSingleton(new DataConnectionFault(connectionName,
            target => new NpgsqlException($"Chaos: injected fault on {target}.", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))));

        // The database down is a 503 with Retry-After, whichever service and route met it.
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"postgres-{connectionName}",
            sp => new PostgresReadinessCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            failureStatus,
            tags: null,
            timeout: ReadinessCheckTimeout));
        return builder;
    }

    /// <summary>Connect, command and keepalive bounds, unless the connection string sets them (to any value).</summary>
    private static string WithDefaultTimeouts(string connectionString)
    {
        // A generic builder keeps only the keys actually written, so we can tell "unset" from "default".
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Has(params string[] keys) => keys.Any(written.ContainsKey);

        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has("Timeout")) csb.Timeout = DefaultConnectTimeoutSeconds;
        if (!Has("Command Timeout", "CommandTimeout")) csb.CommandTimeout = DefaultCommandTimeoutSeconds;
        // A timed-out command's cancel request goes to the same server; when that server is silent (a blackhole),
        // waiting for its answer (2 s by default) stretched every command timeout from 5 s to 7 and a checkout past
        // 10 s (postgres-blackhole experiment). -1: do not wait, break the connection at the timeout.
        if (!Has("Cancellation Timeout", "CancellationTimeout")) csb.CancellationTimeout = NoCancellationWait;
        // Without keepalives a silently dead server (a blackhole) would hold pooled connections forever.
        if (!Has("Keepalive")) csb.KeepAlive = DefaultKeepAliveSeconds;
        return csb.ConnectionString;
    }
}
