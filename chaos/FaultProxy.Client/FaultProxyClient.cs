using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reference.Chaos.FaultProxy.Client;

/// <summary>
/// Talks to one fault proxy's control API. Experiments hold a lease (<see cref="HoldLeaseAsync"/>) so
/// that a crashed experiment leaves the proxy clean; every fault also expires by its TTL.
/// </summary>
public sealed class FaultProxyClient
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient _http;

    /// <summary>Uses <paramref name="http"/> as given; its BaseAddress must be the control API's root.</summary>
    public FaultProxyClient(HttpClient http)
    {
        _http = http;
        if (_http.BaseAddress is null) throw new ArgumentException("The HttpClient needs a BaseAddress: the control API's root.", nameof(http));
    }

    public FaultProxyClient(Uri controlApi) : this(new HttpClient { BaseAddress = controlApi, Timeout = TimeSpan.FromSeconds(10) })
    {
    }

    public async Task<Fault> AddAsync(FaultSpec spec, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("faults", spec, Json, cancellationToken);
        return await ReadAsync<Fault>(response, cancellationToken);
    }

    /// <summary>True when the fault was in force and is now removed; false when it was not there (expired, or never existed).</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync($"faults/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>Removes every fault on this proxy.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync("faults", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<Fault>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("faults", cancellationToken);
        return await ReadAsync<Fault[]>(response, cancellationToken);
    }

    /// <summary>Takes or renews <paramref name="holder"/>'s lease: if it is not renewed within <paramref name="ttl"/>, the proxy removes every fault.</summary>
    public async Task<Lease> RenewLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsJsonAsync("lease", new { holder, ttlSeconds = ttl.TotalSeconds }, Json, cancellationToken);
        return await ReadAsync<Lease>(response, cancellationToken);
    }

    /// <summary>
    /// Takes a lease and renews it every third of <paramref name="ttl"/> until disposed. Disposing stops
    /// renewing and leaves the lease to run out — which removes the faults — unless you reset first.
    /// </summary>
    public async Task<IAsyncDisposable> HoldLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        await RenewLeaseAsync(holder, ttl, cancellationToken);
        return new LeaseKeeper(this, holder, ttl);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new FaultProxyException(response.StatusCode, "empty body");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        throw new FaultProxyException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
