using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.Ordering.Infrastructure;
using Reference.Ordering.Model;
using Reference.ServiceDefaults;

namespace Reference.Ordering.Apis;

public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders");

        api.MapPost("/", PlaceOrder);
        api.MapGet("/{id}", GetOrder);
        api.MapGet("/", ListOrders);

        return app;
    }

    /// <summary>
    /// Checkout. At most one order per Idempotency-Key: a replay (even a concurrent one) gets the first
    /// order back with 200 and <c>Idempotent-Replayed: true</c>. Payment is attempted once within the
    /// request; if Payments cannot answer in time the order is still accepted, as PendingPayment.
    /// </summary>
    public static async Task<Results<Created<Order>, Ok<Order>, ValidationProblem, ProblemHttpResult, ServiceUnavailable>> PlaceOrder(
        [FromHeader(Name = OrderRules.IdempotencyKeyHeader)] string? idempotencyKey,
        CreateOrderRequest request,
        [AsParameters] CheckoutServices services,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = OrderRules.Validate(idempotencyKey, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var key = idempotencyKey!;
        var requestHash = RequestHash.Of(request);

        // A retry of an order we already have is answered without asking Catalog again.
        if (await services.Orders.FindByKeyAsync(key, cancellationToken) is { } earlier)
        {
            return earlier.RequestHash == requestHash ? Replay(earlier.Order, http, services.Metrics) : KeyReused(key);
        }

        PriceCheckResult prices;
        try
        {
            prices = await CatalogPriceCheck.CheckAsync(services.Catalog, request.Items!, cancellationToken);
        }
        catch (CatalogUnavailableException ex)
        {
            return Unavailable.Problem("Catalog unavailable: prices cannot be checked.", ex.Message);
        }
        if (prices.UnknownProducts.Count > 0)
        {
            return TypedResults.ValidationProblem(prices.UnknownProducts);
        }
        if (prices.Mismatches.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Prices have changed.",
                detail: string.Join(" ", prices.Mismatches.Select(m => $"'{m.Field}': product {m.ProductId} now costs {m.CurrentPrice}, not {m.SubmittedPrice}.")),
                extensions: new Dictionary<string, object?> { ["mismatches"] = prices.Mismatches });
        }

        var order = new Order(Guid.CreateVersion7(), request.BuyerId!, OrderStatus.PendingPayment,
            prices.Lines.Sum(l => l.Quantity * l.UnitPrice), prices.Lines, Clock.UtcNowMicroseconds());
        var outcome = await services.Orders.CreateAsync(order, key, requestHash,
            DateTimeOffset.UtcNow + services.Settler.CheckoutGrace, cancellationToken);

        switch (outcome)
        {
            case CreateOutcome.Replayed replayed:
                return Replay(replayed.Order, http, services.Metrics);
            case CreateOutcome.KeyReused:
                return KeyReused(key);
        }

        // The order is committed; from here on it cannot be lost. Payment is not cancelled if the caller
        // goes away: it is bounded by the pipeline's total timeout, and the outcome must be recorded.
        var status = await services.Settler.SettleAsync(order.Id, order.Total, attempt: 1, "checkout", CancellationToken.None);
        services.Metrics.OrderCreated(status);
        return TypedResults.Created($"/api/orders/{order.Id}", order with { Status = status });
    }

    public static async Task<Results<Ok<Order>, NotFound>> GetOrder(Guid id, OrderRepository orders, CancellationToken cancellationToken) =>
        await orders.GetAsync(id, cancellationToken) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<Order>>, ValidationProblem>> ListOrders(
        [FromQuery] string? buyerId, OrderRepository orders, CancellationToken cancellationToken)
    {
        if (OrderRules.ValidateBuyerId(buyerId) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await orders.ListByBuyerAsync(buyerId!, cancellationToken));
    }

    private static Ok<Order> Replay(Order order, HttpContext http, OrderingMetrics metrics)
    {
        metrics.OrderReplayed();
        http.Response.Headers[OrderRules.ReplayedHeader] = "true";
        return TypedResults.Ok(order);
    }

    private static ProblemHttpResult KeyReused(string key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: $"{OrderRules.IdempotencyKeyHeader} already used for a different request.",
            detail: $"Key '{key}' made an order with a different body. Use a new key for a new order.");
}

/// <summary>What checkout needs, bound with [AsParameters] so the handler's signature stays readable.</summary>
public sealed record CheckoutServices(OrderRepository Orders, CatalogClient Catalog, PaymentSettler Settler, OrderingMetrics Metrics);

internal static class Clock
{
    /// <summary>Postgres keeps microseconds; trimming here makes the 201 and every later read agree.</summary>
    public static DateTimeOffset UtcNowMicroseconds()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
