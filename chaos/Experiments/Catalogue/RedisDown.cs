using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Chaos.Experiments.Model;
using Reference.Load.Scenarios;
using Reference.Load.Thresholds;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>DESIGN.md: kill Redis under load, restart it.</summary>
public static class RedisDown
{
    /// <summary>Redis appends every write and fsyncs the file once a second: what was acknowledged a second before a crash is on disk.</summary>
    private static readonly TimeSpan AofFsyncInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BasketRefusedWithin = TimeSpan.FromMilliseconds(250);
    private const int MarkedBaskets = 20;
    private const string Marked = "marked-baskets";

    public static Experiment Create() => new()
    {
        Name = "redis-down",
        Title = "Redis killed under load, restarted by the AppHost",
        Hypothesis = "Browse keeps its SLO from Postgres; basket answers 503 + Retry-After within 250 ms; no 500s; " +
                     "baskets acknowledged more than 1 s before the kill survive it; steady again within 10 s.",
        Method =
        [
            WriteMarkedBaskets,
            ChaosActivity.Wait(AofFsyncInterval + TimeSpan.FromMilliseconds(500), "let Redis fsync its append-only file once"),
            Actions.Kill("cache"),
        ],
        Afterwards = [MarkedBasketsSurvived],
        DuringFault = o =>
        [
            .. KeepsSlo(o.Fault, "browse"),
            NoUngracefulErrors(o.Fault),
            .. FailsFast(o.Fault, "basket", BasketRefusedWithin),
        ],
        RecoverWithin = TimeSpan.FromSeconds(10),
    };

    private static ChaosActivity WriteMarkedBaskets { get; } = ChaosActivity.Action($"write {MarkedBaskets} marked baskets through the gateway", async (ctx, ct) =>
    {
        var buyers = new List<Buyer>();
        for (var i = 0; i < MarkedBaskets; i++)
        {
            var buyer = await Buyer.CreateAsync(ctx.Http, ct, ctx.System.Gateway);
            using var request = buyer.Sign(new HttpRequestMessage(HttpMethod.Put, new Uri(ctx.System.Gateway, $"/api/basket/{buyer.BuyerId}"))
            {
                Content = JsonContent.Create(new { items = new[] { new { productId = 1 + i % 5, quantity = 2 } } }),
            });
            using var response = await ctx.Http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"PUT /api/basket/{buyer.BuyerId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            buyers.Add(buyer);
        }
        ctx.Remember(Marked, buyers);
        return $"{buyers.Count} baskets acknowledged";
    });

    private static Probe MarkedBasketsSurvived { get; } = new("baskets acknowledged before the kill survived", async (ctx, ct) =>
    {
        var buyers = ctx.Recall<List<Buyer>>(Marked);
        var missing = new List<string>();
        foreach (var buyer in buyers)
        {
            using var request = buyer.Sign(new HttpRequestMessage(HttpMethod.Get, new Uri(ctx.System.Gateway, $"/api/basket/{buyer.BuyerId}")));
            using var response = await ctx.Http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK || !HasItems(body)) missing.Add($"{buyer.BuyerId}: {(int)response.StatusCode} {body}");
        }
        return [new CheckResult("afterwards", "acknowledged baskets survive a Redis crash", $"all {buyers.Count} read back with their items",
            missing.Count == 0 ? $"{buyers.Count} of {buyers.Count} intact" : $"{missing.Count} lost: {string.Join("; ", missing.Take(3))}", missing.Count == 0)];
    });

    private static bool HasItems(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("items", out var items) && items.GetArrayLength() > 0;
        }
        catch (JsonException) { return false; }
    }
}
