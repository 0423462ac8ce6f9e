using System.Net.Http.Json;
using Npgsql;
using Reference.Testing.Hosting;
using Reference.Testing.Processes;

namespace Reference.Ordering.Tests.Fixtures;

/// <summary>
/// Ordering with everything it talks to: a real Postgres (the AppHost's process code), the real
/// Payments service on a loopback port, and a Catalog stub on another. Each test collection gets its
/// own, so one collection's outages never leak into another's assertions.
/// </summary>
public class OrderingSystemFixture : IAsyncLifetime
{
    /// <summary>Products the Catalog stub knows. 3 is priced above Payments' decline threshold (10000).</summary>
    public static readonly IReadOnlyDictionary<int, decimal> Products = new Dictionary<int, decimal>
    {
        [1] = 12.50m,
        [2] = 5.00m,
        [3] = 20_000m,
    };

    private PostgresServer? _postgres;
    private PaymentsHost? _payments;
    private CatalogStub? _catalog;
    private OrderingHost? _ordering;

    public PostgresServer Postgres => _postgres ?? throw NotStarted();
    public PaymentsHost Payments => _payments ?? throw NotStarted();
    public CatalogStub Catalog => _catalog ?? throw NotStarted();
    public OrderingHost Ordering => _ordering ?? throw NotStarted();
    public HttpClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var catalog = CatalogStub.StartAsync(Products);
        _postgres = await postgres;
        await Postgres.CreateDatabaseAsync("paymentsdb");
        _payments = new PaymentsHost(Postgres.ConnectionString("paymentsdb"));
        _catalog = await catalog;

        const string database = "orderingdb";
        await Postgres.CreateDatabaseAsync(database);
        ConnectionString = Postgres.ConnectionString(database);
        _ordering = new OrderingHost(ConnectionString, Catalog.BaseUrl, Payments.BaseUrl);
        Client = Ordering.CreateClient(); // starts the host: migrations run here
    }

    /// <summary>Another Ordering instance against the same database, e.g. wired to a dead neighbour.</summary>
    public OrderingHost CreateOrdering(string? catalogUrl = null, string? paymentsUrl = null, IDictionary<string, string?>? overrides = null) =>
        new(ConnectionString, catalogUrl ?? Catalog.BaseUrl, paymentsUrl ?? Payments.BaseUrl, overrides);

    public async Task<long> ScalarAsync(string sql, params object[] values)
    {
        // Unpooled: a test that restarts Postgres must not leave this helper a dead pooled connection.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_ordering is not null) await _ordering.DisposeAsync();
        if (_payments is not null) await _payments.DisposeAsync();
        if (_catalog is not null) await _catalog.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    private static InvalidOperationException NotStarted() => new("The fixture has not started.");
}

/// <summary>Requests and answers in the shapes docs/api.md defines.</summary>
public static class OrdersClient
{
    public sealed record OrderDto(Guid Id, string BuyerId, string Status, decimal Total, List<OrderItemDto> Items, DateTimeOffset CreatedAt);
    public sealed record OrderItemDto(int ProductId, string ProductName, int Quantity, decimal UnitPrice);

    /// <summary>A checkout body; <see cref="PlaceAsync"/> sends it as its buyer (a token signed with the test key).</summary>
    public sealed record OrderBody(string BuyerId, object[] Items);

    public static OrderBody Body(string buyerId, params (int productId, int quantity, decimal unitPrice)[] items) =>
        new(buyerId, items.Select(i => (object)new { i.productId, i.quantity, i.unitPrice }).ToArray());

    public static OrderBody OneItem(string buyerId, int productId = 1, int quantity = 2) =>
        Body(buyerId, (productId, quantity, OrderingSystemFixture.Products[productId]));

    public static async Task<HttpResponseMessage> PlaceAsync(this HttpClient client, string? idempotencyKey, OrderBody body, string? asBuyer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) }.AsBuyer(asBuyer ?? body.BuyerId);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task<OrderDto> ReadOrderAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<OrderDto>() ?? throw new InvalidOperationException("empty order body");

    /// <summary>GET /api/orders/{id} as the order's buyer.</summary>
    public static async Task<OrderDto> GetOrderAsync(this HttpClient client, OrderDto order)
    {
        using var response = await client.GetAsync($"/api/orders/{order.Id}", order.BuyerId);
        response.EnsureSuccessStatusCode();
        return await response.ReadOrderAsync();
    }

    /// <summary>GET <paramref name="path"/> as <paramref name="buyerId"/>.</summary>
    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string buyerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path).AsBuyer(buyerId);
        return await client.SendAsync(request);
    }

    public static string NewKey() => $"test-{Guid.NewGuid():N}";
}
