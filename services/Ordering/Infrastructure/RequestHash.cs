using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reference.Ordering.Model;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Fingerprint of an order request, stored with its idempotency key so that reusing a key for a
/// different request is caught (422). It hashes the bound request, not the raw bytes: whitespace and
/// property order do not make two identical orders look different.
/// </summary>
public static class RequestHash
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Of(CreateOrderRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Canonical))));
}
