namespace Reference.EndToEnd.Tests;

// The shapes of docs/api.md, as a client outside the system sees them (deserialized from the wire,
// never shared with the services' own types: a renamed field must fail these tests).

public sealed record CatalogItem(int Id, string Name, string Description, decimal Price, string Brand, string Type);

public sealed record CatalogPage(int PageIndex, int PageSize, long Count, IReadOnlyList<CatalogItem> Data);

public sealed record BasketItem(int ProductId, string ProductName, decimal UnitPrice, int Quantity, bool Verified);

public sealed record Basket(string BuyerId, IReadOnlyList<BasketItem> Items);

public sealed record OrderItem(int ProductId, string ProductName, int Quantity, decimal UnitPrice);

public sealed record Order(Guid Id, string BuyerId, string Status, decimal Total, IReadOnlyList<OrderItem> Items, DateTimeOffset CreatedAt);

public sealed record ProviderBehaviour(int LatencyMs, double FailureRate);

public static class OrderStatus
{
    public const string Paid = "Paid";
    public const string PendingPayment = "PendingPayment";
}
