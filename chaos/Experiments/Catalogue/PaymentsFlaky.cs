using Npgsql;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Probes;
using Reference.Load.Reconciliation;
using Reference.Load.Scenarios;
using Reference.Load.Thresholds;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>DESIGN.md: 50 % faults + 1 s latency in Payments (Polly chaos in the simulated provider).</summary>
public static class PaymentsFlaky
{
    /// <summary>Settlement retries back off up to a minute (Ordering:Settlement:MaxBackoff); the last retry of an order
    /// that failed all through the window comes at most that long after the window.</summary>
    private static TimeSpan SettleWithin(ExperimentTiming timing) => timing.Fault + TimeSpan.FromSeconds(45);

    public static Experiment Create() => new()
    {
        Name = "payments-flaky",
        Title = "Payments fails half its calls and answers 1 s late",
        Hypothesis = "Checkout keeps its SLO: orders are accepted as PendingPayment and settled after recovery; none lost, none duplicated, none charged twice.",
        Method = [Actions.PaymentsBehaviour(failureRate: 0.5, latencyMs: 1000, startsFault: true)],
        Rollbacks = [Actions.PaymentsBehaviour(failureRate: 0, latencyMs: 0, startsFault: false)],
        Afterwards = [EveryOrderSettled, NoOrderChargedTwice],
        DuringFault = o =>
        [
            .. KeepsSlo(o.Fault, "checkout"),
            NoUngracefulErrors(o.Fault, "checkout"),
        ],
        RecoverWithin = TimeSpan.FromSeconds(10),
    };

    /// <summary>Every order the load saw acknowledged leaves PendingPayment (Paid, or Rejected by the provider) within the settlement bound.</summary>
    private static Probe EveryOrderSettled { get; } = new("every acknowledged order settled", async (ctx, ct) =>
    {
        var ids = ctx.Recall<List<AcknowledgedOrder>>(OrderProbes.AcknowledgedOrders).Select(o => Guid.Parse(o.OrderId)).Distinct().ToArray();
        var deadline = DateTimeOffset.UtcNow + SettleWithin(ctx.Timing);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Dictionary<string, long> byStatus;
        while (true)
        {
            byStatus = await StatusesAsync(ctx.System.ConnectionString("orderingdb"), ids, ct);
            if (byStatus.GetValueOrDefault("PendingPayment") == 0 || DateTimeOffset.UtcNow > deadline) break;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        var pending = byStatus.GetValueOrDefault("PendingPayment");
        return [new CheckResult("afterwards", "every acknowledged order settled", $"none PendingPayment within {SettleWithin(ctx.Timing).TotalSeconds:0} s of recovery",
            $"{ids.Length} orders: {string.Join(", ", byStatus.Select(s => $"{s.Value} {s.Key}"))} after {clock.Elapsed.TotalSeconds:0} s", pending == 0)];
    });

    /// <summary>The Payments ledger against Ordering (after settlement): one charge per order, the one the order records.</summary>
    private static Probe NoOrderChargedTwice { get; } = new("no order charged twice", async (ctx, ct) =>
    {
        var charges = await ChargeReconciliation.RunAsync(ctx.System.ConnectionString("paymentsdb"), ctx.System.ConnectionString("orderingdb"),
            ctx.Recall<DateTimeOffset>(OrderProbes.StartedAt), ct);
        return charges.Checks("afterwards").ToList();
    });

    private static async Task<Dictionary<string, long>> StatusesAsync(string connectionString, Guid[] ids, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT status, count(*) FROM orders WHERE id = ANY(@ids) GROUP BY status", connection);
        command.Parameters.AddWithValue("ids", ids);
        var result = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }
}
