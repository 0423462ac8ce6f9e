using Microsoft.AspNetCore.Http.HttpResults;
using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reference.Ordering.Infrastructure;
using Reference.Ordering.Model;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Buyers;

namespace Reference.Ordering.Apis;

public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        // Every route serves the buyer the request's token names only (ServiceDefaults' Buyers/): 401 without one.
        var api = app.MapGroup("/api/orders").RequireBuyerToken();

        api.MapPost("/", PlaceOrder);
        api.MapGet("/{id}", GetOrder);
        api.MapGet("/", ListOrders);

        return app;
    }

    /// <summary>
    /// Checkout. At most one order per Idempotency-Key: a replay (even a concurrent one) gets the first
    /// order back with 200 and <c>Idempotent-Replayed: true</c>. Payment is attempted once within the
    /// request; if Payments cannot answer in time the order is still accepted, as PendingPayment.
    /// The whole checkout has one deadline (<see cref="CheckoutOptions.Deadline"/>): its calls each have a
    /// timeout, but one after another they could add up past anything a caller waits for.
    /// The body's buyerId must be the buyer the token names (403 naming buyerId otherwise).
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
        if (!http.IsVerifiedBuyer(request.BuyerId))
        {
            return NotThisBuyer();
        }
        var deadlineAfter = services.Options.Value.Deadline;
        var deadline = Stopwatch.StartNew();

        // The work runs on its calls' own timeouts; the deadline only stops the waiting. Npgsql answers a cancelled
        // token late against a silent server (it first sends that server a cancel request, see PostgresReadinessCheck),
        // so cancelling it would not have answered sooner.
        var work = CommitOrderAsync(idempotencyKey!, request, services, http, cancellationToken);
        BeforeCommit step;
        try
        {
            step = await work.WaitAsync(deadlineAfter, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Perhaps it commits a moment later, perhaps not: a retry with the same key finds out, safely.
            Abandon(work);
            services.Metrics.CheckoutCutShort(committed: false, "deadline");
            return Unavailable.Problem("Checkout did not finish in time.",
                $"Checkout gave up after {deadlineAfter.TotalSeconds:0.#} s waiting on a dependency. Try again after Retry-After with the same Idempotency-Key.");
        }
        if (step is BeforeCommit.Answered answered)
        {
            return answered.Result;
        }
        var order = ((BeforeCommit.Committed)step).Order;

        // The order is committed; from here on it cannot be lost, and the answer is the order. Payment is not
        // cancelled if the caller goes away: bounded by the pipeline's total timeout, its outcome must be recorded.
        var status = await SettleBeforeDeadlineAsync(order, services, deadlineAfter - deadline.Elapsed);
        services.Metrics.OrderCreated(status);
        return TypedResults.Created($"/api/orders/{order.Id}", order with { Status = status });
    }

    /// <summary>How checkout's work up to the commit ended: an answer already (replay, 4xx, 503), or a new order.</summary>
    private abstract record BeforeCommit
    {
        public sealed record Answered(Results<Created<Order>, Ok<Order>, ValidationProblem, ProblemHttpResult, ServiceUnavailable> Result) : BeforeCommit;
        public sealed record Committed(Order Order) : BeforeCommit;
    }

    private static async Task<BeforeCommit> CommitOrderAsync(string key, CreateOrderRequest request, CheckoutServices services, HttpContext http,
        CancellationToken cancellationToken)
    {
        var requestHash = RequestHash.Of(request);

        // A retry of an order we already have is answered without asking Catalog again.
        if (await services.Orders.FindByKeyAsync(key, cancellationToken) is { } earlier)
        {
            return new BeforeCommit.Answered(earlier.RequestHash == requestHash ? Replay(earlier.Order, http, services.Metrics) : KeyReused(key));
        }

        PriceCheckResult prices;
        try
        {
            prices = await CatalogPriceCheck.CheckAsync(services.Catalog, request.Items!, cancellationToken);
        }
        catch (CatalogUnavailableException ex)
        {
            return new BeforeCommit.Answered(Unavailable.Problem("Catalog unavailable: prices cannot be checked.", ex.Message));
        }
        if (prices.UnknownProducts.Count > 0)
        {
            return new BeforeCommit.Answered(TypedResults.ValidationProblem(prices.UnknownProducts));
        }
        if (prices.Mismatches.Count > 0)
        {
            return new BeforeCommit.Answered(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Prices have changed.",
                detail: string.Join(" ", prices.Mismatches.Select(m => $"'{m.Field}': product {m.ProductId} now costs {m.CurrentPrice}, not {m.SubmittedPrice}.")),
                extensions: new Dictionary<string, object?> { ["mismatches"] = prices.Mismatches }));
        }

        var order = new Order(Guid.CreateVersion7(), request.BuyerId!, OrderStatus.PendingPayment,
            prices.Lines.Sum(l => l.Quantity * l.UnitPrice), prices.Lines, Clock.UtcNowMicroseconds());
        var outcome = await services.Orders.CreateAsync(order, key, requestHash,
            DateTimeOffset.UtcNow + services.Settler.CheckoutGrace, cancellationToken);
        return outcome switch
        {
            CreateOutcome.Replayed replayed => new BeforeCommit.Answered(Replay(replayed.Order, http, services.Metrics)),
            CreateOutcome.KeyReused => new BeforeCommit.Answered(KeyReused(key)),
            _ => new BeforeCommit.Committed(order),
        };
    }

    /// <summary>Checkout's own payment attempt; past the deadline or with the database gone, the order stays PendingPayment.</summary>
    private static async Task<string> SettleBeforeDeadlineAsync(Order order, CheckoutServices services, TimeSpan left)
    {
        var settling = services.Settler.SettleAsync(order.Id, order.Total, attempt: 1, "checkout", CancellationToken.None);
        try
        {
            return await settling.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is TimeoutException || DatabaseOutage.Is(ex))
        {
            // Committed with next_payment_at set: the settlement worker charges it after the checkout grace. Payments'
            // ledger is keyed by order id, so a charge this attempt made and could not record is answered again, not repeated.
            Abandon(settling);
            services.Metrics.CheckoutCutShort(committed: true, DatabaseOutage.Is(ex) ? "database" : "deadline");
            return OrderStatus.PendingPayment;
        }
    }

    /// <summary>Work no one waits for any more still ends on its own timeouts; observe its exception so it is not unobserved.</summary>
    private static void Abandon(Task work) =>
        work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>One order, the token's buyer's only: another buyer's order is 404, as one that does not exist.</summary>
    public static async Task<Results<Ok<Order>, NotFound>> GetOrder(Guid id, OrderRepository orders, HttpContext http, CancellationToken cancellationToken) =>
        await orders.GetAsync(id, cancellationToken) is { } order && http.IsVerifiedBuyer(order.BuyerId) ? TypedResults.Ok(order) : TypedResults.NotFound();

    /// <summary>A buyer's orders; <c>buyerId</c> must be the token's buyer (another buyer's list is 404).</summary>
    public static async Task<Results<Ok<IReadOnlyList<Order>>, ValidationProblem, NotFound>> ListOrders(
        [FromQuery] string? buyerId, OrderRepository orders, HttpContext http, CancellationToken cancellationToken)
    {
        if (OrderRules.ValidateBuyerId(buyerId) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!http.IsVerifiedBuyer(buyerId))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await orders.ListByBuyerAsync(buyerId!, cancellationToken));
    }

    /// <summary>An order for someone else: refused, naming the field. Nothing is read, so nothing is revealed.</summary>
    private static ProblemHttpResult NotThisBuyer() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: "buyerId is not the buyer the token names.",
            detail: $"An order is placed for the buyer the {BuyerTokens.HeaderName} names; send that buyer's id as buyerId.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["buyerId"] = ["buyerId must be the buyer the token names."] } });

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
public sealed record CheckoutServices(OrderRepository Orders, CatalogClient Catalog, PaymentSettler Settler, OrderingMetrics Metrics, IOptions<CheckoutOptions> Options);

internal static class Clock
{
    /// <summary>Postgres keeps microseconds; trimming here makes the 201 and every later read agree.</summary>
    public static DateTimeOffset UtcNowMicroseconds()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
