using System.Net;
using System.Net.Http.Json;
using Reference.Testing;

namespace Reference.Gateway.Tests;

/// <summary>YARP routes, destinations from service discovery configuration, health-based skipping, the storefront.</summary>
public class GatewayRoutingTests
{
    private static readonly Dictionary<string, string[]> OnePerService = new()
    {
        ["catalog"] = ["catalog-0"],
        ["basket"] = ["basket-0"],
        ["ordering"] = ["ordering-0"],
    };

    [Fact]
    public async Task Each_prefix_is_routed_to_its_service_with_path_query_headers_and_body()
    {
        await using var system = await GatewaySystem.StartAsync(OnePerService);

        var catalog = await system.EchoAsync(await system.Client.GetAsync("/api/catalog/items?pageIndex=1&pageSize=3"));
        Assert.Equal("catalog-0", catalog.GetProperty("backend").GetString());
        Assert.Equal("/api/catalog/items", catalog.GetProperty("path").GetString());
        Assert.Equal("?pageIndex=1&pageSize=3", catalog.GetProperty("query").GetString());

        var basket = await system.EchoAsync(await system.Client.PutAsJsonAsync("/api/basket/alice", new { items = new[] { new { productId = 1, quantity = 2 } } }));
        Assert.Equal("basket-0", basket.GetProperty("backend").GetString());
        Assert.Equal("PUT", basket.GetProperty("method").GetString());
        Assert.Contains("\"productId\":1", basket.GetProperty("body").GetString());

        using var order = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { buyerId = "alice" }) };
        order.Headers.Add("Idempotency-Key", "key-123");
        var ordering = await system.EchoAsync(await system.Client.SendAsync(order));
        Assert.Equal("ordering-0", ordering.GetProperty("backend").GetString());
        Assert.Equal("/api/orders", ordering.GetProperty("path").GetString());
        Assert.Equal("key-123", ordering.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task A_dead_destination_is_skipped_and_requests_keep_succeeding()
    {
        await using var system = await GatewaySystem.StartAsync(new Dictionary<string, string[]> { ["catalog"] = ["catalog-0", "catalog-1"] });
        // Both replicas serve while alive.
        await Eventually.UntilAsync(async () =>
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 20; i++)
                seen.Add((await system.EchoAsync(await system.Client.GetAsync("/api/catalog/items"))).GetProperty("backend").GetString()!);
            return seen.Count == 2;
        }, "requests to reach both catalog replicas", TimeSpan.FromSeconds(10));

        await system.Backend("catalog-1").StopAsync();

        // Right after the crash (before probes notice) a refused connection is resent to the live replica;
        // after, the dead one is out of rotation. Either way no request fails.
        for (var i = 0; i < 50; i++)
        {
            using var response = await system.Client.GetAsync("/api/catalog/items");
            var echo = await system.EchoAsync(response);
            Assert.Equal("catalog-0", echo.GetProperty("backend").GetString());
        }
    }

    [Fact]
    public async Task A_degraded_destination_stays_in_rotation_and_an_unhealthy_one_is_taken_out()
    {
        await using var system = await GatewaySystem.StartAsync(new Dictionary<string, string[]> { ["catalog"] = ["catalog-0", "catalog-1"] });
        // Catalog with Postgres down still serves its cache and says Degraded (200): it must keep getting traffic.
        system.Backend("catalog-1").Readiness = "Degraded";
        await Eventually.UntilAsync(async () => await BackendsSeenAsync(system, 20) is { Count: 2 }, "requests to reach both catalog replicas", TimeSpan.FromSeconds(10));
        // Many probe intervals (200 ms each) later the degraded replica is still in rotation.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Contains("catalog-1", await BackendsSeenAsync(system, 30));

        system.Backend("catalog-1").Readiness = "Unhealthy";
        await Eventually.UntilAsync(async () => await BackendsSeenAsync(system, 20) is { Count: 1 } seen && seen.Contains("catalog-0"),
            "the unhealthy replica to be taken out of rotation", TimeSpan.FromSeconds(10));
    }

    private static async Task<HashSet<string>> BackendsSeenAsync(GatewaySystem system, int requests)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            seen.Add((await system.EchoAsync(await system.Client.GetAsync("/api/catalog/items"))).GetProperty("backend").GetString()!);
        }
        return seen;
    }

    [Fact]
    public async Task A_read_whose_connection_is_reset_by_a_dying_replica_is_resent_but_a_write_is_not()
    {
        await using var system = await GatewaySystem.StartAsync(new Dictionary<string, string[]> { ["catalog"] = ["catalog-0", "catalog-1"] });
        system.Backend("catalog-1").ResetConnections = true;

        // Writes first, while the dying replica is still in rotation (its failures soon take it out): the
        // request may have arrived before the reset, so the gateway reports the failure instead of repeating it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await system.Client.PutAsJsonAsync("/api/catalog/items/1", new { name = "x" });
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadGateway, $"expected 200 (live replica) or 502 (reset), got {(int)status}"));

        // Reads: safe to repeat, no body. Each one that met the dying replica went again to the live one.
        for (var i = 0; i < 20; i++)
        {
            using var response = await system.Client.GetAsync("/api/catalog/items");
            Assert.Equal("catalog-0", (await system.EchoAsync(response)).GetProperty("backend").GetString());
        }
    }

    [Fact]
    public async Task A_service_with_no_live_destination_answers_503_with_retry_after()
    {
        await using var system = await GatewaySystem.StartAsync(new Dictionary<string, string[]> { ["catalog"] = ["catalog-0"] },
            new Dictionary<string, string?> { ["Unavailable:RetryAfterSeconds"] = "7" });
        await system.Backend("catalog-0").StopAsync();

        var response = await Eventually.ReturnsAsync(
            () => system.Client.GetAsync("/api/catalog/items"),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            "the gateway to mark the only catalog destination unhealthy and answer 503", TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // A service with no configured destination at all answers the same way.
        using var orders = await system.Client.GetAsync("/api/orders/abc");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, orders.StatusCode);
        Assert.NotNull(orders.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_storefront_page_is_served_at_the_root_with_stable_element_ids()
    {
        await using var system = await GatewaySystem.StartAsync(OnePerService);
        using var response = await system.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var id in new[] { "product-list", "basket-items", "basket-total", "checkout", "order-status", "buyer-id", "page-next", "page-prev" })
        {
            Assert.Contains($"id=\"{id}\"", html);
        }
        Assert.Contains("/api/catalog/items", html);
        Assert.Contains("Idempotency-Key", html);
        Assert.Contains("crypto.randomUUID()", html);
    }
}
