using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Reference.ServiceDefaults.Buyers;

/// <summary>
/// An anonymous buyer's token: <c>{buyerId}.{signature}</c>, the signature HMAC-SHA256 over the buyer id
/// under this run's signing key (<c>BuyerTokens:SigningKey</c>), base64url. Whoever holds the key can issue
/// (the gateway) and verify (the gateway's rate limit, Basket, Ordering); a client can neither forge one
/// nor turn its token into another buyer's. A buyer id is 1..64 characters of A-Z, a-z, 0-9, '-' or '_',
/// so a token is safe in a header, a cookie and a URL path as it is.
/// </summary>
public sealed partial class BuyerToken
{
    /// <summary>Keys shorter than this are refused: HMAC-SHA256 wants at least 256 bits of key.</summary>
    public const int MinKeyLength = 32;

    // Domain separation: a signature made for a buyer token means nothing anywhere else this key might be used.
    private const string Purpose = "reference/buyer-token/v1:";

    private readonly byte[] _key;

    public BuyerToken(string signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.Length < MinKeyLength)
        {
            throw new ArgumentException($"A buyer token signing key must be at least {MinKeyLength} characters.", nameof(signingKey));
        }
        _key = Encoding.UTF8.GetBytes(signingKey);
    }

    /// <summary>A new buyer: a random id and its token.</summary>
    public (string BuyerId, string Token) IssueNew()
    {
        var buyerId = Guid.NewGuid().ToString("N");
        return (buyerId, Issue(buyerId));
    }

    /// <summary>The token naming <paramref name="buyerId"/>.</summary>
    public string Issue(string buyerId)
    {
        if (!IsWellFormedBuyerId(buyerId))
        {
            throw new ArgumentException("A buyer id is 1..64 characters of A-Z, a-z, 0-9, '-' or '_'.", nameof(buyerId));
        }
        return buyerId + "." + Sign(buyerId);
    }

    /// <summary>True, with the buyer it names, when <paramref name="token"/> was issued under this key.</summary>
    public bool TryVerify(string? token, [NotNullWhen(true)] out string? buyerId)
    {
        buyerId = null;
        var dot = token?.LastIndexOf('.') ?? -1;
        if (token is null || dot <= 0 || token.Length > 200)
        {
            return false;
        }
        var id = token[..dot];
        if (!IsWellFormedBuyerId(id))
        {
            return false;
        }
        // Fixed-time comparison: the time taken must not tell how much of a forged signature was right.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(id)), Encoding.ASCII.GetBytes(token[(dot + 1)..])))
        {
            return false;
        }
        buyerId = id;
        return true;
    }

    public static bool IsWellFormedBuyerId([NotNullWhen(true)] string? buyerId) => buyerId is not null && BuyerIdPattern().IsMatch(buyerId);

    private string Sign(string buyerId) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(Purpose + buyerId)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BuyerIdPattern();
}
