using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Reference.Load.Hosting;

namespace Reference.Load.Tests;

/// <summary>
/// A stand-in for the gateway with the shapes of docs/api.md: a catalog of 30 items, baskets, and
/// orders that need an Idempotency-Key and catalog prices, buyers from <c>POST /api/buyers</c> whose token a
/// basket or order request must carry (401 without). It remembers every order it created.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private static readonly decimal[] Prices = Enumerable.Range(1, 30).Select(i => 1.25m * i).ToArray();

    public ConcurrentDictionary<string, Guid> OrdersByKey { get; } = new();
    public ConcurrentDictionary<string, int> RequestsByKind { get; } = new();
    private readonly ConcurrentDictionary<string, string> _buyerByToken = new();

    private FakeGateway(LoopbackServer server) => _server = server;

    /// <summary>When set, the gateway admits at most this many requests per second (a token bucket) and
    /// sheds the rest with 429 + Retry-After, like the real gateway's rate limiter.</summary>
    /// <summary>
    /// Admits at most this many requests in any sliding second and sheds the rest (503). A window, not a
    /// small token bucket, so a scheduler hiccup that sends a few requests late (and then together) on a
    /// busy machine is not mistaken for overload.
    /// </summary>
    public double? AdmitPerSecond { get; set; }
    private readonly Lock _windowLock = new();
    private readonly Queue<long> _admitted = new();

    private bool Admit()
    {
        if (AdmitPerSecond is not { } rate) return true;
        lock (_windowLock)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            while (_admitted.Count > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_admitted.Peek(), now) >= TimeSpan.FromSeconds(1))
            {
                _admitted.Dequeue();
            }
            if (_admitted.Count >= rate) return false;
            _admitted.Enqueue(now);
            return true;
        }
    }

    public Uri BaseAddress => _server.BaseAddress;

    public static async Task<FakeGateway> StartAsync()
    {
        FakeGateway? gateway = null;
        var server = await LoopbackServer.StartAsync(context => gateway!.HandleAsync(context));
        return gateway = new FakeGateway(server);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "");
        var kind = (method, path) switch
        {
            ("GET", "/api/catalog/items") => "browse-list",
            ("GET", _) when path.StartsWith("/api/catalog/items/", StringComparison.Ordinal) => "browse-item",
            ("GET" or "PUT", _) when path.StartsWith("/api/basket/", StringComparison.Ordinal) => "basket",
            ("POST", "/api/orders") => "checkout",
            ("POST", "/api/buyers") => "buyers",
            _ => "unknown",
        };
        RequestsByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (kind is "basket" or "checkout" && !_buyerByToken.ContainsKey(context.Request.Headers["X-Buyer-Token"].ToString()))
        {
            context.Response.StatusCode = 401;
            return;
        }
        if (kind != "buyers" && (kind != "browse-list" || context.Request.Query["pageSize"] != "100")) // the scenario's init is never shed
        {
            if (!Admit())
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
        }
        switch (kind)
        {
            case "browse-list":
                var size = int.Parse(context.Request.Query["pageSize"]!, System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new
                {
                    pageIndex = 0, pageSize = size, count = Prices.Length,
                    data = Prices.Take(size).Select((p, i) => Item(i + 1)),
                });
                break;
            case "browse-item":
                await context.Response.WriteAsJsonAsync(Item(int.Parse(path[(path.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case "basket":
                await context.Response.WriteAsJsonAsync(new { buyerId = path[(path.LastIndexOf('/') + 1)..], items = Array.Empty<object>() });
                break;
            case "checkout":
                await CheckoutAsync(context);
                break;
            case "buyers":
                var buyerId = Guid.NewGuid().ToString("N");
                var token = $"{buyerId}.fake-signature";
                _buyerByToken[token] = buyerId;
                context.Response.StatusCode = 201;
                await context.Response.WriteAsJsonAsync(new { buyerId, token });
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private async Task CheckoutAsync(HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var pricesMatch = body.RootElement.GetProperty("items").EnumerateArray()
            .All(i => Prices[i.GetProperty("productId").GetInt32() - 1] == i.GetProperty("unitPrice").GetDecimal());
        if (key.Length == 0 || !pricesMatch || !body.RootElement.TryGetProperty("buyerId", out _))
        {
            context.Response.StatusCode = 400;
            return;
        }
        var created = OrdersByKey.TryAdd(key, Guid.NewGuid());
        context.Response.StatusCode = created ? 201 : 200;
        await context.Response.WriteAsJsonAsync(new { id = OrdersByKey[key], status = "Paid" });
    }

    private static object Item(int id) => new { id, name = $"item {id}", description = "", price = Prices[id - 1], brand = "b", type = "t" };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
