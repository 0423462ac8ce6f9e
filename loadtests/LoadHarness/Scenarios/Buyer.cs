using System.Net.Http.Json;

namespace Reference.Load.Scenarios;

/// <summary>
/// An anonymous buyer the gateway issued (<c>POST /api/buyers</c>, docs/api.md "Buyers"): its id, and the token
/// that proves it, sent as header <c>X-Buyer-Token</c> on each of its basket and order requests.
/// </summary>
public sealed record Buyer(string BuyerId, string Token)
{
    public const string TokenHeader = "X-Buyer-Token";

    /// <summary>Sends <paramref name="request"/> as this buyer.</summary>
    public HttpRequestMessage Sign(HttpRequestMessage request)
    {
        request.Headers.Remove(TokenHeader);
        request.Headers.Add(TokenHeader, Token);
        return request;
    }

    /// <summary>A new buyer from the gateway: <paramref name="http"/>'s base address, or <paramref name="gateway"/> when given.</summary>
    public static async Task<Buyer> CreateAsync(HttpClient http, CancellationToken ct, Uri? gateway = null)
    {
        var uri = gateway is null ? new Uri("api/buyers", UriKind.Relative) : new Uri(gateway, "/api/buyers");
        using var response = await http.PostAsync(uri, null, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {gateway ?? http.BaseAddress}api/buyers answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return await response.Content.ReadFromJsonAsync<Buyer>(ct)
            ?? throw new InvalidOperationException($"POST {gateway ?? http.BaseAddress}api/buyers answered no body.");
    }

    /// <summary><paramref name="count"/> new buyers, a few requests at a time.</summary>
    public static async Task<IReadOnlyList<Buyer>> CreateManyAsync(HttpClient gateway, int count, CancellationToken ct)
    {
        var buyers = new Buyer[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) => buyers[i] = await CreateAsync(gateway, token));
        return buyers;
    }
}
