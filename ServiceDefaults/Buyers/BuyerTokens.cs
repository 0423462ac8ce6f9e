using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults.Buyers;

/// <summary>
/// How a request names its buyer: header <c>X-Buyer-Token</c> (API clients), else cookie <c>reference-buyer</c>
/// (the storefront; HttpOnly, set by the gateway's <c>POST /api/buyers</c>). Every service that reads it
/// verifies the signature itself: the services are reachable directly on loopback, so a buyer id that merely
/// arrives is never trusted.
/// </summary>
public static class BuyerTokens
{
    public const string HeaderName = "X-Buyer-Token";
    public const string CookieName = "reference-buyer";

    /// <summary>Registers the signer/verifier from <see cref="BuyerTokenOptions"/>; the key is checked on start.</summary>
    public static TBuilder AddBuyerTokens<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<BuyerTokenOptions>()
            .BindConfiguration(BuyerTokenOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new BuyerToken(sp.GetRequiredService<IOptions<BuyerTokenOptions>>().Value.SigningKey!));
        return builder;
    }

    /// <summary>The token the request carries, if any: the header wins over the cookie.</summary>
    public static string? TokenOf(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderName, out var header) ? header.ToString() : request.Cookies[CookieName];

    /// <summary>
    /// True, with the buyer, when the request carries a token this service can verify. False when it carries
    /// none, a forged or tampered one, or this service does not know the key (buyer tokens not registered).
    /// </summary>
    public static bool TryGetVerifiedBuyer(HttpContext context, [NotNullWhen(true)] out string? buyerId)
    {
        buyerId = null;
        return context.RequestServices.GetService<BuyerToken>() is { } tokens && tokens.TryVerify(TokenOf(context.Request), out buyerId);
    }
}
