using System.Net.Http.Json;

namespace Reference.Testing;

/// <summary>
/// A fault that burns browse's latency budget: 300 ms on every Redis and Postgres round trip of both catalog
/// replicas (<c>/admin/chaos</c>), so every browse through the gateway is slower than its 200 ms objective.
/// Disposing clears every chaos setting on both replicas.
/// </summary>
public sealed class BrowseLatencyFault : IAsyncDisposable
{
    public const int LatencyMs = 300;
    private static readonly string[] Replicas = ["catalog-0", "catalog-1"];

    private readonly List<HttpClient> _replicas;
    private readonly HttpClient _gateway;
    private int _page;

    private BrowseLatencyFault(List<HttpClient> replicas, HttpClient gateway)
    {
        _replicas = replicas;
        _gateway = gateway;
    }

    public static async Task<BrowseLatencyFault> StartAsync(ReferenceSystem system)
    {
        var adminKey = await system.GetAdminKeyAsync();
        var replicas = Replicas.Select(system.CreateHttpClient).ToList();
        var fault = new BrowseLatencyFault(replicas, system.CreateHttpClient("gateway"));
        try
        {
            foreach (var replica in replicas)
            {
                replica.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
                foreach (var target in new[] { "cache", "catalogdb" })
                {
                    (await replica.PutAsJsonAsync($"/admin/chaos/{target}", new { latencyMs = LatencyMs, latencyRate = 1.0 })).EnsureSuccessStatusCode();
                }
            }
            return fault;
        }
        catch
        {
            await fault.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Browses (a different page each time) six at a time: under the gateway's concurrency limit (8), so they are
    /// admitted and slow rather than shed as fast 503s. Answers are not checked: the SLO rules judge them.
    /// </summary>
    public Task BrowseAsync(int requests) =>
        Task.WhenAll(Enumerable.Range(0, 6).Select(async worker =>
        {
            for (var i = worker; i < requests; i += 6)
            {
                try
                {
                    using var response = await _gateway.GetAsync($"/api/catalog/items?pageSize=1&pageIndex={Interlocked.Increment(ref _page)}");
                }
                catch (HttpRequestException) { /* a refused connection is an answer the SLO rules never see; carry on */ }
            }
        }));

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            try { await replica.DeleteAsync("/admin/chaos"); }
            catch (HttpRequestException) { /* a replica that is down has no chaos left to clear */ }
            replica.Dispose();
        }
        _gateway.Dispose();
    }
}
