using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using Reference.Load.Scenarios;
using Reference.Load.Thresholds;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// Checkouts an experiment sends by hand, each with its own Idempotency-Key, so it can send exactly
/// the same request again later: "retries with the same key make exactly one order". Each as a new buyer
/// from the gateway, its token on the checkout and on every retry.
/// </summary>
public static class Checkouts
{
    private const string Product = "checkout-product";

    public sealed record Sent(string Key, Buyer Buyer, HttpStatusCode? Status, TimeSpan Took, bool RetryAfter);

    /// <summary>Reads one product's current price while the catalog is healthy (a checkout quotes the price it saw).</summary>
    public static ChaosActivity LearnAProduct { get; } = ChaosActivity.Action("read a product's price", async (ctx, ct) =>
    {
        using var json = JsonDocument.Parse(await ctx.Http.GetStringAsync(new Uri(ctx.System.Gateway, "/api/catalog/items/1"), ct));
        var price = json.RootElement.GetProperty("price").GetDecimal();
        ctx.Remember(Product, new ProductPrice(1, price));
        return $"product 1 costs {price}";
    });

    /// <summary>Sends <paramref name="count"/> checkouts with fresh keys, remembered under <paramref name="name"/>.</summary>
    public static ChaosActivity Send(string name, int count) => ChaosActivity.Action($"send {count} checkouts ({name})", async (ctx, ct) =>
    {
        var sent = new List<Sent>();
        for (var i = 0; i < count; i++)
            sent.Add(await SendAsync(ctx, Guid.NewGuid().ToString(), await Buyer.CreateAsync(ctx.Http, ct, ctx.System.Gateway), ct));
        ctx.Remember(name, sent);
        return Summary(sent);
    });

    /// <summary>Sends the checkouts remembered under <paramref name="name"/> again, same key and body.</summary>
    public static async Task<IReadOnlyList<Sent>> RetryAsync(ExperimentContext ctx, string name, CancellationToken ct)
    {
        var retried = new List<Sent>();
        foreach (var first in ctx.Recall<List<Sent>>(name)) retried.Add(await SendAsync(ctx, first.Key, first.Buyer, ct));
        return retried;
    }

    /// <summary>How many orders the database holds for each key (the idempotency table joins key to order).</summary>
    public static async Task<Dictionary<string, long>> OrdersPerKeyAsync(ExperimentContext ctx, IEnumerable<string> keys, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ctx.System.ConnectionString("orderingdb"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT k.key, count(o.id) FROM idempotency_keys k LEFT JOIN orders o ON o.id = k.order_id WHERE k.key = ANY(@keys) GROUP BY k.key", connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>"Retries with the same key make exactly one order" for the checkouts remembered under <paramref name="name"/>.</summary>
    public static Probe RetriesMakeOneOrderEach(string name) => new("retries with the same key make exactly one order", async (ctx, ct) =>
    {
        var retried = await RetryAsync(ctx, name, ct);
        // Once more: the replay must answer with the same order, not make a second.
        var replayed = await RetryAsync(ctx, name, ct);
        var counts = await OrdersPerKeyAsync(ctx, retried.Select(r => r.Key), ct);
        var accepted = retried.Count(r => r.Status is HttpStatusCode.Created or HttpStatusCode.OK);
        var wrong = retried.Where(r => counts.GetValueOrDefault(r.Key) != 1).Select(r => $"{r.Key}: {counts.GetValueOrDefault(r.Key)} orders").ToList();
        return
        [
            new CheckResult("afterwards", "retried checkouts accepted", $"all {retried.Count} answered 201/200 after recovery",
                $"{accepted} of {retried.Count}; {Summary(retried)}; replay: {Summary(replayed)}", accepted == retried.Count),
            new CheckResult("afterwards", "one order per key", "exactly one order for each key, after a retry and a replay",
                wrong.Count == 0 ? $"{retried.Count} keys, one order each" : string.Join("; ", wrong.Take(5)), wrong.Count == 0),
        ];
    });

    public static string Summary(IReadOnlyCollection<Sent> sent) =>
        string.Join(", ", sent.GroupBy(s => s.Status is { } code ? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")
            .Select(g => $"{g.Count()}x {g.Key}")) + $" (slowest {sent.Select(s => s.Took.TotalMilliseconds).DefaultIfEmpty(0).Max():0} ms)";

    private static async Task<Sent> SendAsync(ExperimentContext ctx, string key, Buyer buyer, CancellationToken ct)
    {
        var product = ctx.Recall<ProductPrice>(Product);
        using var request = buyer.Sign(new HttpRequestMessage(HttpMethod.Post, new Uri(ctx.System.Gateway, "/api/orders"))
        {
            Content = JsonContent.Create(new { buyerId = buyer.BuyerId, items = new[] { new { productId = product.Id, quantity = 1, unitPrice = product.Price } } }),
        });
        request.Headers.Add("Idempotency-Key", key);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await ctx.Http.SendAsync(request, ct);
            return new Sent(key, buyer, response.StatusCode, clock.Elapsed, response.Headers.RetryAfter is not null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new Sent(key, buyer, null, clock.Elapsed, false);
        }
    }

    private sealed record ProductPrice(int Id, decimal Price);
}
