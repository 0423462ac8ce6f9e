namespace Reference.Ordering.Model;

/// <summary>An order as the API shows it (docs/api.md: <c>Order</c>).</summary>
public sealed record Order(Guid Id, string BuyerId, string Status, decimal Total, IReadOnlyList<OrderItem> Items, DateTimeOffset CreatedAt);

/// <summary>One line: the product, its name and price as Catalog had them when the order was placed.</summary>
public sealed record OrderItem(int ProductId, string ProductName, int Quantity, decimal UnitPrice);

/// <summary>
/// An order starts <see cref="PendingPayment"/>; the first payment answer moves it to <see cref="Paid"/>
/// or <see cref="Declined"/>, and nothing moves it back. Refused too often, it is dead-lettered as
/// <see cref="PaymentFailed"/>, which only a person moves back (to PendingPayment, per the runbook).
/// </summary>
public static class OrderStatus
{
    public const string PendingPayment = "PendingPayment";
    public const string Paid = "Paid";
    public const string Declined = "Declined";

    /// <summary>Dead letter: payment was refused for a reason no retry can fix; a person must look (runbook settlement-dead-letter).</summary>
    public const string PaymentFailed = "PaymentFailed";
}
