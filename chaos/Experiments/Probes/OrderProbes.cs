using Reference.Chaos.Experiments.Model;
using Reference.Load.Reconciliation;
using Reference.Load.Scenarios;

namespace Reference.Chaos.Experiments.Probes;

/// <summary>"No order lost or duplicated", over every checkout the experiment's load saw acknowledged.</summary>
public static class OrderProbes
{
    /// <summary>The runner stores every load run's acknowledged orders here.</summary>
    public const string AcknowledgedOrders = "acknowledged-orders";
    public const string StartedAt = "started-at";

    public static Probe NoOrderLostOrDuplicated { get; } = new("no order lost or duplicated", async (ctx, ct) =>
    {
        var acknowledged = ctx.Recall<List<AcknowledgedOrder>>(AcknowledgedOrders);
        var reconciliation = await OrderReconciliation.RunAsync(ctx.System.ConnectionString("orderingdb"), acknowledged,
            ctx.Recall<DateTimeOffset>(StartedAt), ct);
        return reconciliation.Checks("afterwards").ToList();
    });
}
