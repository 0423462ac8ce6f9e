using Reference.ServiceDefaults.Buyers;

namespace Reference.Testing.Hosting;

/// <summary>
/// Buyer tokens for service-level tests: the services under test get <see cref="SigningKey"/> as
/// <c>BuyerTokens:SigningKey</c> (<see cref="ServiceHost{TEntryPoint}"/> sets it), and a test signs the buyer
/// it acts as with the services' own <see cref="BuyerToken"/>, as the gateway would have. Tests of the whole
/// system get their tokens from the gateway's <c>POST /api/buyers</c> instead, like any client.
/// </summary>
public static class TestBuyers
{
    public const string SigningKeySetting = "BuyerTokens:SigningKey";
    public const string SigningKey = "test-buyer-token-signing-key-for-service-tests";

    private static readonly BuyerToken Signer = new(SigningKey);

    /// <summary>The token naming <paramref name="buyerId"/> under the test key.</summary>
    public static string Token(string buyerId) => Signer.Issue(buyerId);

    /// <summary>Sends the request as <paramref name="buyerId"/> (header <c>X-Buyer-Token</c>).</summary>
    public static HttpRequestMessage AsBuyer(this HttpRequestMessage request, string buyerId)
    {
        request.Headers.Remove(BuyerTokens.HeaderName);
        request.Headers.Add(BuyerTokens.HeaderName, Token(buyerId));
        return request;
    }
}
