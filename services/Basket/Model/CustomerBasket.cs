namespace Reference.Basket.Model;

/// <summary>A buyer's basket as the API returns it (docs/api.md).</summary>
public sealed record CustomerBasket(string BuyerId, IReadOnlyList<BasketItem> Items)
{
    public static CustomerBasket Empty(string buyerId) => new(buyerId, []);
}

/// <summary>
/// One line. <see cref="Verified"/> is false when Catalog could not be reached and the price is the
/// last one this service knew: the basket still works, and Ordering checks prices again at checkout.
/// </summary>
public sealed record BasketItem(int ProductId, string ProductName, decimal UnitPrice, int Quantity, bool Verified);

/// <summary>PUT body: the basket's complete new contents.</summary>
public sealed record UpdateBasketRequest(IReadOnlyList<BasketItemRequest>? Items);

public sealed record BasketItemRequest(int ProductId, int Quantity);

/// <summary>The part of Catalog's item this service needs.</summary>
public sealed record CatalogItem(int Id, string Name, decimal Price);
