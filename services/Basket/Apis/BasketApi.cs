using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reference.Basket.Infrastructure;
using Reference.Basket.Model;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// GET/PUT/DELETE /api/basket/{buyerId} (docs/api.md). Bad input: 400 naming the field. Redis down:
/// 503 + Retry-After, at once. Catalog down: the item keeps its last known price, <c>verified: false</c>.
/// </summary>
public static class BasketApi
{
    public static WebApplication MapBasketApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/basket");
        api.MapGet("/{buyerId}", GetBasket);
        api.MapPut("/{buyerId}", UpdateBasket);
        api.MapDelete("/{buyerId}", DeleteBasket);
        return app;
    }

    public static async Task<Results<Ok<CustomerBasket>, ValidationProblem, ProblemHttpResult>> GetBasket(
        string buyerId, RedisBasketStore store, IOptions<BasketOptions> options, HttpContext context)
    {
        if (BasketRules.ValidateBuyerId(buyerId) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        try
        {
            return TypedResults.Ok(await store.GetAsync(buyerId));
        }
        catch (BasketStoreUnavailableException ex)
        {
            return StoreUnavailable(context, options.Value, ex);
        }
    }

    public static async Task<Results<Ok<CustomerBasket>, ValidationProblem, ProblemHttpResult>> UpdateBasket(
        string buyerId, UpdateBasketRequest request, RedisBasketStore store, BasketPricing pricing,
        IOptions<BasketOptions> options, HttpContext context)
    {
        if (BasketRules.Validate(buyerId, request) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        // Fail before asking Catalog anything if the basket could not be stored anyway.
        if (!store.IsAvailable) return StoreUnavailable(context, options.Value, null);
        try
        {
            switch (await pricing.PriceAsync(buyerId, BasketRules.Lines(request), context.RequestAborted))
            {
                case PricingResult.UnknownProduct unknown:
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        [unknown.Field] = [$"Product {unknown.ProductId} does not exist in the catalogue."],
                    });
                case PricingResult.NoKnownPrice noPrice:
                    context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                        title: "The catalogue is unavailable.",
                        detail: $"'{noPrice.Field}': product {noPrice.ProductId} cannot be priced while the catalogue is unreachable, and no earlier price is known.");
                case PricingResult.Priced priced:
                    await store.SaveAsync(priced.Basket);
                    return TypedResults.Ok(priced.Basket);
                default:
                    throw new InvalidOperationException("Unexpected pricing result.");
            }
        }
        catch (BasketStoreUnavailableException ex)
        {
            return StoreUnavailable(context, options.Value, ex);
        }
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteBasket(
        string buyerId, RedisBasketStore store, IOptions<BasketOptions> options, HttpContext context)
    {
        if (BasketRules.ValidateBuyerId(buyerId) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        try
        {
            await store.DeleteAsync(buyerId);
            return TypedResults.NoContent();
        }
        catch (BasketStoreUnavailableException ex)
        {
            return StoreUnavailable(context, options.Value, ex);
        }
    }

    private static ProblemHttpResult StoreUnavailable(HttpContext context, BasketOptions options, BasketStoreUnavailableException? ex)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The basket store is unavailable.",
            detail: ex?.Message ?? "Redis is not connected.");
    }
}
