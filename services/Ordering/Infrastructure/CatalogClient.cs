using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Reference.Ordering.Infrastructure;

/// <summary>A product as Catalog shows it; only what Ordering needs.</summary>
public sealed record CatalogProduct(int Id, string Name, decimal Price);

/// <summary>Catalog could not be asked (down, too slow, or its breaker is open): checkout answers 503.</summary>
public sealed class CatalogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads products from Catalog (<c>http://catalog</c>, resolved by service discovery). The standard
/// resilience handler from ServiceDefaults bounds and retries each call; reads are idempotent, so that is safe.
/// </summary>
public sealed class CatalogClient(HttpClient http)
{
    /// <summary>The product, or null when Catalog says it does not exist.</summary>
    public async Task<CatalogProduct?> FindAsync(int productId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/api/catalog/items/{productId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new CatalogUnavailableException($"Catalog answered {(int)response.StatusCode} for product {productId}.");
            }
            return await response.Content.ReadFromJsonAsync<CatalogProduct>(cancellationToken)
                ?? throw new CatalogUnavailableException($"Catalog sent an empty body for product {productId}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                       or System.Text.Json.JsonException)
        {
            throw new CatalogUnavailableException($"Catalog could not be reached for product {productId}: {ex.Message}", ex);
        }
    }
}
