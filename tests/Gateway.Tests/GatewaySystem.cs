using System.Net.Http.Json;
using System.Text.Json;
using Reference.Testing.Hosting;
using Reference.Gateway.Infrastructure;

namespace Reference.Gateway.Tests;

/// <summary>The real gateway on Kestrel in front of real backends on free ports, wired with services__x__http__i keys.</summary>
public sealed class GatewaySystem : IAsyncDisposable
{
    public required IReadOnlyList<EchoBackend> Backends { get; init; }
    public required ServiceHost<GatewayOptions> Gateway { get; init; }
    public required HttpClient Client { get; init; }

    /// <param name="destinations">service name → backend names, e.g. catalog → [catalog-0, catalog-1].</param>
    public static async Task<GatewaySystem> StartAsync(IReadOnlyDictionary<string, string[]> destinations, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var backends = new List<EchoBackend>();
        var config = new Dictionary<string, string?>
        {
            // Fast probing so health changes show within a test's deadline.
            ["Gateway:HealthCheckInterval"] = "00:00:00.200",
            ["Gateway:HealthCheckTimeout"] = "00:00:00.500",
        };
        foreach (var (service, names) in destinations)
        {
            for (var i = 0; i < names.Length; i++)
            {
                var backend = await EchoBackend.StartAsync(names[i]);
                backends.Add(backend);
                config[$"services:{service}:http:{i}"] = backend.Address;
            }
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;

        var gateway = ServiceHost<GatewayOptions>.Start(config);
        return new GatewaySystem { Backends = backends, Gateway = gateway, Client = gateway.CreateLoopbackClient() };
    }

    public EchoBackend Backend(string name) => Backends.Single(b => b.Name == name);

    public async Task<JsonElement> EchoAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"expected success, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        foreach (var backend in Backends) await backend.DisposeAsync();
    }
}
