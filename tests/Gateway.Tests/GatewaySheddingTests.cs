using System.Net;
using Microsoft.Extensions.Options;
using Reference.Testing.Hosting;
using Reference.Gateway.Infrastructure;
using Reference.Testing;

namespace Reference.Gateway.Tests;

/// <summary>Load shedding at the edge: 503 beyond the admission limit, 429 beyond a client's rate, plumbing exempt.</summary>
public class GatewaySheddingTests
{
    private static readonly Dictionary<string, string[]> CatalogOnly = new() { ["catalog"] = ["catalog-0"] };

    [Fact]
    public async Task Requests_beyond_the_concurrency_limit_are_shed_with_503_and_retry_after_while_the_admitted_ones_finish()
    {
        const int limit = 4, excess = 3;
        await using var system = await GatewaySystem.StartAsync(CatalogOnly, new Dictionary<string, string?>
        {
            // A fixed limit (min = max), every criticality allowed all of it: this test is about the refusal itself.
            ["Admission:InitialLimit"] = limit.ToString(),
            ["Admission:MinLimit"] = limit.ToString(),
            ["Admission:MaxLimit"] = limit.ToString(),
            ["Admission:Shares:Sheddable"] = "1",
        });
        var backend = system.Backend("catalog-0");

        var admitted = Enumerable.Range(0, limit).Select(_ => system.Client.GetAsync("/api/catalog/slow")).ToList();
        await Eventually.UntilAsync(() => backend.InFlight == limit, $"{limit} requests to be held by the backend", TimeSpan.FromSeconds(10));

        // The backend still holds every admitted request, so these can only finish by being shed.
        var shed = await Task.WhenAll(Enumerable.Range(0, excess).Select(_ => system.Client.GetAsync("/api/catalog/slow")));
        foreach (var response in shed)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(limit, backend.InFlight);

        // Plumbing is never shed, even at the limit.
        using (var health = await system.Client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var alive = await system.Client.GetAsync("/alive")) Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        backend.Release();
        foreach (var response in await Task.WhenAll(admitted)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var metrics = await system.Client.GetStringAsync("/metrics");
        Assert.Matches("reference_shed_requests_total\\{[^}]*reason=\"concurrency\"[^}]*\\} " + excess, metrics);
    }

    [Fact]
    public async Task At_the_limit_browse_is_shed_while_checkout_is_still_admitted()
    {
        const int limit = 4; // browse (sheddable) may fill 75 % of it: 3; checkout (critical) all 4
        await using var system = await GatewaySystem.StartAsync(
            new Dictionary<string, string[]> { ["catalog"] = ["catalog-0"], ["ordering"] = ["ordering-0"] },
            new Dictionary<string, string?>
            {
                ["Admission:InitialLimit"] = limit.ToString(),
                ["Admission:MinLimit"] = limit.ToString(),
                ["Admission:MaxLimit"] = limit.ToString(),
            });
        var backend = system.Backend("catalog-0");

        // Requests no journey covers are sheddable too: three of them fill the sheddable band.
        var held = Enumerable.Range(0, 3).Select(_ => system.Client.GetAsync("/api/catalog/slow")).ToList();
        await Eventually.UntilAsync(() => backend.InFlight == 3, "3 requests to be held by the backend", TimeSpan.FromSeconds(10));

        using (var browse = await system.Client.GetAsync("/api/catalog/items"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, browse.StatusCode);
        using (var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") })
        {
            checkout.Headers.Add("Idempotency-Key", "criticality-test");
            using var answer = await system.Client.SendAsync(checkout);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        backend.Release();
        foreach (var response in await Task.WhenAll(held)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("reference_shed_requests_total\\{[^}]*criticality=\"sheddable\"[^}]*\\} 1", await system.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_retry_after_whatever_it_claims_and_other_clients_are_unaffected()
    {
        await using var system = await GatewaySystem.StartAsync(CatalogOnly, new Dictionary<string, string?>
        {
            ["Shedding:PerClientPermitsPerSecond"] = "1",
            ["Shedding:PerClientBurst"] = "2",
        });

        // Two clients: two loopback source addresses. The noisy one also claims a new X-Client-Id on every
        // request — a header a client chooses must not buy it a fresh bucket.
        using var noisyClient = ClientFrom(IPAddress.Parse("127.0.0.2"), system.Client.BaseAddress!);
        using var quietClient = ClientFrom(IPAddress.Parse("127.0.0.3"), system.Client.BaseAddress!);
        async Task<HttpResponseMessage> Get(string path, string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Client-Id", Guid.NewGuid().ToString());
            return await (client == "noisy" ? noisyClient : quietClient).SendAsync(request);
        }

        // A burst of 2 at 1 request/s: within a few back-to-back requests the bucket is empty. (Not exactly
        // the third: a slow first request on a cold, busy box may have earned a token back.)
        using (var first = await Get("/api/catalog/items", "noisy")) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await Get("/api/catalog/items", "noisy");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.NotNull(limited);
        Assert.NotNull(limited!.Headers.RetryAfter);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);

        using (var quiet = await Get("/api/catalog/items", "quiet")) Assert.Equal(HttpStatusCode.OK, quiet.StatusCode);

        // Health and metrics are exempt: the noisy client can still probe them as often as it likes.
        for (var i = 0; i < 5; i++)
        {
            using var health = await Get("/health", "noisy");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using var metrics = await Get("/metrics", "noisy");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Matches("reference_shed_requests_total\\{[^}]*reason=\"rate_limit\"[^}]*\\} [1-9]", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_defaults_let_one_client_send_a_10x_burst_through_to_the_concurrency_limit()
    {
        await using var system = await GatewaySystem.StartAsync(CatalogOnly);
        var options = system.Gateway.Services.GetService(typeof(IOptions<Reference.ServiceDefaults.SheddingOptions>)) as IOptions<Reference.ServiceDefaults.SheddingOptions>;
        Assert.True(options!.Value.PerClientPermitsPerSecond >= 500, "the load generator is one client: 10x (500 req/s) must not be rate-limited");

        // 500 requests from one client, 4 at a time (below the concurrency limit, so only the per-client
        // limit could refuse one): none is refused.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
        {
            using var response = await system.Client.GetAsync("/api/catalog/items", ct);
            statuses.Add(response.StatusCode);
        });
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Theory]
    [InlineData("Admission:MinLimit", "0")]
    [InlineData("Admission:QueueDelayTarget", "00:00:00")]
    [InlineData("Gateway:JourneyCriticality:wishlist", "Critical")]
    [InlineData("Shedding:PerClientPermitsPerSecond", "-5")]
        [InlineData("Gateway:HealthCheckInterval", "00:00:00")]
    public async Task Invalid_options_stop_the_gateway_at_start(string key, string value)
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var system = await GatewaySystem.StartAsync(CatalogOnly, new Dictionary<string, string?> { [key] = value });
        });
        Assert.NotNull(error);
        Assert.Contains(key.Split(':')[1], error!.ToString());
    }

    /// <summary>A client whose connections leave from <paramref name="source"/> (any 127.x.y.z is this machine).</summary>
    private static HttpClient ClientFrom(IPAddress source, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = baseAddress };
}
