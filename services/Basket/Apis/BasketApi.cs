using Microsoft.AspNetCore.Http.HttpResults;
using Reference.Basket.Infrastructure;
using Reference.Basket.Model;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Buyers;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// GET/PUT/DELETE /api/basket/{buyerId} (docs/api.md), for the buyer the request's token names only: no
/// token or a bad one 401, another buyer's basket 404. Bad input: 400 naming the field. Redis down:
/// 503 + Retry-After, at once. Catalog down: the item keeps its last known price, <c>verified: false</c>.
/// </summary>
public static class BasketApi
{
    public static WebApplication MapBasketApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/basket").RequireBuyerToken();
        api.MapGet("/{buyerId}", GetBasket);
        api.MapPut("/{buyerId}", UpdateBasket);
        api.MapDelete("/{buyerId}", DeleteBasket);
        return app;
    }

    public static async Task<Results<Ok<CustomerBasket>, ValidationProblem, NotFound, ServiceUnavailable>> GetBasket(
        string buyerId, RedisBasketStore store, HttpContext context)
    {
        if (BasketRules.ValidateBuyerId(buyerId) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        if (!context.IsVerifiedBuyer(buyerId)) return TypedResults.NotFound();
        try
        {
            return TypedResults.Ok(await store.GetAsync(buyerId));
        }
        catch (BasketStoreUnavailableException ex)
        {
            return StoreUnavailable(ex);
        }
    }

    public static async Task<Results<Ok<CustomerBasket>, ValidationProblem, NotFound, ServiceUnavailable>> UpdateBasket(
        string buyerId, UpdateBasketRequest request, RedisBasketStore store, BasketPricing pricing, HttpContext context)
    {
        if (BasketRules.Validate(buyerId, request) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        if (!context.IsVerifiedBuyer(buyerId)) return TypedResults.NotFound();
        // Fail before asking Catalog anything if the basket could not be stored anyway.
        if (!store.IsAvailable) return StoreUnavailable(null);
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
                    return Unavailable.Problem("The catalogue is unavailable.",
                        $"'{noPrice.Field}': product {noPrice.ProductId} cannot be priced while the catalogue is unreachable, and no earlier price is known.");
                case PricingResult.Priced priced:
                    await store.SaveAsync(priced.Basket);
                    return TypedResults.Ok(priced.Basket);
                default:
                    throw new InvalidOperationException("Unexpected pricing result.");
            }
        }
        catch (BasketStoreUnavailableException ex)
        {
            return StoreUnavailable(ex);
        }
    }

    public static async Task<Results<NoContent, ValidationProblem, NotFound, ServiceUnavailable>> DeleteBasket(
        string buyerId, RedisBasketStore store, HttpContext context)
    {
        if (BasketRules.ValidateBuyerId(buyerId) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        if (!context.IsVerifiedBuyer(buyerId)) return TypedResults.NotFound();
        try
        {
            await store.DeleteAsync(buyerId);
            return TypedResults.NoContent();
        }
        catch (BasketStoreUnavailableException ex)
        {
            return StoreUnavailable(ex);
        }
    }

    private static ServiceUnavailable StoreUnavailable(BasketStoreUnavailableException? ex) =>
        Unavailable.Problem("The basket store is unavailable.", ex?.Message ?? "Redis is not connected.");
}
