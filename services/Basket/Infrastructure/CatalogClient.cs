using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Reference.Basket.Model;

namespace Reference.Basket.Infrastructure;

public enum CatalogLookupOutcome { Found, NotFound, Unreachable }

public sealed record CatalogLookup(CatalogLookupOutcome Outcome, CatalogItem? Item = null, string? Reason = null);

/// <summary>
/// GET /api/catalog/items/{id} through the standard resilience handler. Every way Catalog can fail
/// — refused, timed out, breaker open, 5xx after retries — is one answer, <see cref="CatalogLookupOutcome.Unreachable"/>,
/// so the caller can degrade instead of failing.
/// </summary>
public sealed class CatalogClient(HttpClient http, ILogger<CatalogClient> logger)
{
    public async Task<CatalogLookup> GetItemAsync(int productId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/api/catalog/items/{productId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new(CatalogLookupOutcome.NotFound);
            }
            if (!response.IsSuccessStatusCode)
            {
                return Unreachable(productId, $"catalog answered {(int)response.StatusCode}");
            }
            var item = await response.Content.ReadFromJsonAsync<CatalogItem>(cancellationToken);
            return item is null ? Unreachable(productId, "catalog sent an empty body") : new(CatalogLookupOutcome.Found, item);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested &&
            ex is HttpRequestException or BrokenCircuitException or TimeoutRejectedException or OperationCanceledException or System.Text.Json.JsonException)
        {
            return Unreachable(productId, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private CatalogLookup Unreachable(int productId, string reason)
    {
        logger.LogWarning("Catalog lookup for product {ProductId} failed ({Reason}); using the last known price", productId, reason);
        return new(CatalogLookupOutcome.Unreachable, Reason: reason);
    }
}
