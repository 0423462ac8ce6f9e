using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Reference.ServiceDefaults.Buyers;

/// <summary>
/// In front of every endpoint that serves one buyer's data (baskets, orders): no token or one that does not
/// verify → 401 naming <c>X-Buyer-Token</c>. A verified buyer is kept for the handler
/// (<see cref="BuyerEndpoints.VerifiedBuyer"/>), which answers 404 for anything of another buyer's: not 403,
/// which would tell that it exists.
/// </summary>
public sealed class BuyerTokenFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = BuyerTokens.TokenOf(http.Request);
        if (string.IsNullOrEmpty(token))
        {
            return Unauthorized("Buyer token required.",
                $"Send header {BuyerTokens.HeaderName} (or cookie {BuyerTokens.CookieName}) with the token the gateway's POST /api/buyers issued.");
        }
        if (!BuyerTokens.TryGetVerifiedBuyer(http, out var buyerId))
        {
            return Unauthorized("Buyer token is not valid.",
                $"The {BuyerTokens.HeaderName} (or cookie {BuyerTokens.CookieName}) was not issued by this system, or was altered. Get a new one from POST /api/buyers.");
        }
        http.Features.Set(new VerifiedBuyerFeature(buyerId));
        return await next(context);
    }

    private static IResult Unauthorized(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [BuyerTokens.HeaderName] = [title] } });

    internal sealed record VerifiedBuyerFeature(string BuyerId);
}

public static class BuyerEndpoints
{
    /// <summary>Puts <see cref="BuyerTokenFilter"/> in front of every endpoint of <paramref name="endpoints"/>.</summary>
    public static TBuilder RequireBuyerToken<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter<TBuilder, BuyerTokenFilter>();

    /// <summary>The buyer the request's token names; only behind <see cref="RequireBuyerToken{TBuilder}"/>.</summary>
    public static string VerifiedBuyer(this HttpContext context) =>
        context.Features.Get<BuyerTokenFilter.VerifiedBuyerFeature>()?.BuyerId
        ?? throw new InvalidOperationException("No verified buyer: the endpoint is not behind RequireBuyerToken().");

    /// <summary>True when <paramref name="buyerId"/> is the buyer the request's token names (ordinal).</summary>
    public static bool IsVerifiedBuyer(this HttpContext context, string? buyerId) =>
        string.Equals(context.VerifiedBuyer(), buyerId, StringComparison.Ordinal);
}
