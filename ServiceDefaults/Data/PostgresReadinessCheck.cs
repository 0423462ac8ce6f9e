using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Reference.ServiceDefaults;

/// <summary>
/// One <c>SELECT 1</c> through the data source (the check Aspire.Npgsql would run), answered within the
/// check's budget even when the server is silent. Npgsql honours a cancellation token late against a server
/// that accepts and never answers: it first tries to send that server a cancel request. Measured through the
/// fault proxy's blackhole: a pooled query cancelled at 0.5 s returned at 11 s, an open only at its 3 s connect
/// timeout. So the query runs on Npgsql's own bounds (connect 3 s, command 5 s, which end it sooner than a
/// cancellation would) and the check stops waiting for it when its budget ends; the query finishes on its own.
/// </summary>
internal sealed class PostgresReadinessCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A timeout surfaces as OperationCanceledException: the health check service reports it with the
            // registration's failure status ("A timeout occurred while running check.").
            await RoundTripAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }

    private async Task RoundTripAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(CancellationToken.None);
    }
}
