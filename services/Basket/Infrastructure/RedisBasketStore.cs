using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Reference.Basket.Model;
using Reference.ServiceDefaults;
using StackExchange.Redis;

namespace Reference.Basket.Infrastructure;

/// <summary>Redis cannot be reached: the caller answers 503 with <c>Retry-After</c>.</summary>
public sealed class BasketStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One hash per buyer, <c>basket:{buyerId}</c>, one field per product id, the line as JSON. A write
/// replaces the whole basket atomically (MULTI/EXEC) and restarts its TTL. When the multiplexer knows
/// it is disconnected we fail at once rather than wait out the command timeout on every request.
/// Every call runs through the <c>cache</c> chaos pipeline (ServiceDefaults' ChaosPipelines), inert unless chaos is on.
/// </summary>
public sealed class RedisBasketStore(IConnectionMultiplexer redis, IOptions<BasketOptions> options, ChaosPipelines chaos)
{
    public const string ConnectionName = "cache";

    private readonly ResiliencePipeline _redis = chaos.For(ConnectionName);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey KeyFor(string buyerId) => $"basket:{buyerId}";

    public bool IsAvailable => redis.IsConnected;

    public async Task<CustomerBasket> GetAsync(string buyerId)
    {
        var fields = await Call("HGETALL", db => db.HashGetAllAsync(KeyFor(buyerId)));
        var items = fields
            .Select(f => ToItem(f))
            .OfType<BasketItem>()
            .OrderBy(i => i.ProductId)
            .ToList();
        return new CustomerBasket(buyerId, items);
    }

    public async Task SaveAsync(CustomerBasket basket)
    {
        var key = KeyFor(basket.BuyerId);
        if (basket.Items.Count == 0)
        {
            await Call("DEL", db => db.KeyDeleteAsync(key));
            return;
        }

        var entries = basket.Items
            .Select(i => new HashEntry(i.ProductId, JsonSerializer.Serialize(new StoredLine(i.ProductName, i.UnitPrice, i.Quantity, i.Verified), Json)))
            .ToArray();
        var ttl = options.Value.Ttl;
        var committed = await Call("MULTI DEL HSET EXPIRE", async db =>
        {
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.HashSetAsync(key, entries);
            _ = transaction.KeyExpireAsync(key, ttl);
            return await transaction.ExecuteAsync();
        });
        if (!committed)
        {
            throw new BasketStoreUnavailableException("Redis did not commit the basket transaction.");
        }
    }

    public Task DeleteAsync(string buyerId) => Call("DEL", db => db.KeyDeleteAsync(KeyFor(buyerId)));

    private async Task<T> Call<T>(string operation, Func<IDatabase, Task<T>> call)
    {
        if (!redis.IsConnected)
        {
            throw new BasketStoreUnavailableException("Redis is not connected.");
        }
        try
        {
            return await _redis.ExecuteAsync(static async (state, _) => await state.call(state.redis.GetDatabase()), (call, redis), CancellationToken.None);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            throw new BasketStoreUnavailableException($"Redis {operation} failed: {ex.Message}", ex);
        }
    }

    private static BasketItem? ToItem(HashEntry field)
    {
        if (!int.TryParse(field.Name.ToString(), out var productId)) return null;
        var line = JsonSerializer.Deserialize<StoredLine>(field.Value.ToString(), Json);
        return line is null ? null : new BasketItem(productId, line.ProductName, line.UnitPrice, line.Quantity, line.Verified);
    }

    private sealed record StoredLine(string ProductName, decimal UnitPrice, int Quantity, bool Verified);
}
