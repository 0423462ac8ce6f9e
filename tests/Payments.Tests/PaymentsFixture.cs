using Npgsql;
using Reference.Testing.Processes;

namespace Reference.Payments.Tests;

/// <summary>The real Payments service over its own real Postgres: what the provider's tests share.</summary>
public sealed class PaymentsFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private PaymentsApp? _host;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The fixture has not started.");
    public PaymentsApp Host => _host ?? throw new InvalidOperationException("The fixture has not started.");
    public string ConnectionString => Postgres.ConnectionString("paymentsdb");

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.CreateDatabaseAsync("paymentsdb");
        _host = new PaymentsApp(ConnectionString);
    }

    /// <summary>A second Payments process over the same ledger, as after a restart.</summary>
    public PaymentsApp Restarted() => new(ConnectionString);

    public async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
