using System.Net.Http.Json;
using Reference.ServiceDefaults.Buyers;

namespace Reference.Testing;

/// <summary>
/// A buyer as any client of the whole system gets one: <c>POST /api/buyers</c> at the gateway, then the token
/// as header <c>X-Buyer-Token</c> on every basket and order call.
/// </summary>
public sealed record GatewayBuyer(string BuyerId, string Token)
{
    public static async Task<GatewayBuyer> CreateAsync(HttpClient gateway, CancellationToken cancellationToken = default)
    {
        using var response = await gateway.PostAsync("/api/buyers", null, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/buyers answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await response.Content.ReadFromJsonAsync<GatewayBuyer>(cancellationToken)
            ?? throw new InvalidOperationException("POST /api/buyers answered no body.");
    }

    /// <summary>Sends <paramref name="request"/> as this buyer.</summary>
    public HttpRequestMessage Sign(HttpRequestMessage request)
    {
        request.Headers.Remove(BuyerTokens.HeaderName);
        request.Headers.Add(BuyerTokens.HeaderName, Token);
        return request;
    }
}
