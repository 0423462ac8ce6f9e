using Microsoft.AspNetCore.Http.HttpResults;
using Reference.ServiceDefaults.Buyers;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>POST /api/buyers</c>: a new anonymous buyer. Answers 201 <c>{ buyerId, token }</c> for API clients (send
/// the token as header <c>X-Buyer-Token</c>) and sets it as cookie <c>reference-buyer</c> — HttpOnly (page
/// script cannot read it), SameSite=Strict (no other site's page sends it), path <c>/api</c> — for the storefront.
/// Basket and Ordering verify it themselves; the gateway's rate limit keys on the buyer it names.
/// </summary>
public static class BuyersApi
{
    /// <summary>How long the storefront's cookie lives: a basket lives 30 days in Redis, the buyer as long.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    public static WebApplication MapBuyersApi(this WebApplication app)
    {
        app.MapPost("/api/buyers", CreateBuyer);
        return app;
    }

    public static Created<NewBuyer> CreateBuyer(BuyerToken tokens, HttpContext context)
    {
        var (buyerId, token) = tokens.IssueNew();
        context.Response.Cookies.Append(BuyerTokens.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/api",
            MaxAge = CookieLifetime,
            IsEssential = true,
        });
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new NewBuyer(buyerId, token));
    }

    /// <summary>The answer: who the buyer is, and the token that proves it.</summary>
    public sealed record NewBuyer(string BuyerId, string Token);
}
