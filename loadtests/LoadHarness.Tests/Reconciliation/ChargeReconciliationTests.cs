using Npgsql;
using Reference.Load.Reconciliation;
using Reference.Testing;
using Reference.Testing.Processes;

namespace Reference.Load.Tests.Reconciliation;

/// <summary>
/// The charge check itself, against real Postgres with the services' real schemas (their migration
/// files): it must see a second charge and a charge without an order, or the gates' "none charged
/// twice" would pass whatever happened.
/// </summary>
public sealed class ChargeReconciliationTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task Reports_an_order_whose_recorded_payment_differs_from_the_ledger_and_a_charge_without_an_order()
    {
        var paymentsDb = await DatabaseAsync("paymentsdb", "services/Payments/Infrastructure/Migrations");
        var orderingDb = await DatabaseAsync("orderingdb", "services/Ordering/Infrastructure/Migrations");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var (paid, pending, chargedTwice, orphan) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (paidPayment, firstCharge, secondCharge) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await ExecuteAsync(orderingDb, "INSERT INTO orders (id, buyer_id, status, total, payment_id) VALUES ($1, 'b', 'Paid', 10, $2)", paid, paidPayment);
        await ExecuteAsync(orderingDb, "INSERT INTO orders (id, buyer_id, status, total) VALUES ($1, 'b', 'PendingPayment', 10)", pending);
        // Authorised as firstCharge, the order's write failed, the provider forgot and authorised again.
        await ExecuteAsync(orderingDb, "INSERT INTO orders (id, buyer_id, status, total, payment_id) VALUES ($1, 'b', 'Paid', 10, $2)", chargedTwice, secondCharge);
        foreach (var (order, payment) in new[] { (paid, paidPayment), (pending, Guid.NewGuid()), (chargedTwice, firstCharge), (orphan, Guid.NewGuid()) })
        {
            await ExecuteAsync(paymentsDb, "INSERT INTO payments (order_id, payment_id, idempotency_key, amount, status) VALUES ($1, $2, $3, 10, 'Authorised')",
                order, payment, order.ToString());
        }

        var report = await ChargeReconciliation.RunAsync(paymentsDb, orderingDb, since);

        Assert.Equal(4, report.Charges);
        Assert.Equal(1, report.OrdersNotYetRecorded);
        Assert.Contains(chargedTwice.ToString(), Assert.Single(report.ChargedTwice));
        Assert.Contains(orphan.ToString(), Assert.Single(report.ChargedWithoutAnOrder));
        Assert.All(report.Checks("test"), check => Assert.False(check.Passed, $"{check.Name} should fail: {check.Measured}"));
    }

    [Fact]
    public async Task Passes_when_every_charge_is_the_one_its_order_records()
    {
        var paymentsDb = await DatabaseAsync("paymentsdb", "services/Payments/Infrastructure/Migrations");
        var orderingDb = await DatabaseAsync("orderingdb", "services/Ordering/Infrastructure/Migrations");
        var (order, payment) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(orderingDb, "INSERT INTO orders (id, buyer_id, status, total, payment_id) VALUES ($1, 'b', 'Paid', 10, $2)", order, payment);
        await ExecuteAsync(paymentsDb, "INSERT INTO payments (order_id, payment_id, idempotency_key, amount, status) VALUES ($1, $2, 'k', 10, 'Authorised')", order, payment);

        var report = await ChargeReconciliation.RunAsync(paymentsDb, orderingDb, DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.All(report.Checks("test"), check => Assert.True(check.Passed, $"{check.Name}: {check.Measured}"));
    }

    /// <summary>A fresh database with the service's migration files applied, as its start-up would.</summary>
    private async Task<string> DatabaseAsync(string prefix, string migrations)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await _postgres.CreateDatabaseAsync(name);
        var connectionString = _postgres.ConnectionString(name);
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine(migrations), "*.sql").Order())
        {
            await ExecuteAsync(connectionString, await File.ReadAllTextAsync(file));
        }
        return connectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

}
