using Xunit.Abstractions;
using System.Diagnostics;
using System.Net;
using Reference.Testing.Processes;
using Reference.Ordering.Tests.Fixtures;
using Reference.Testing;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

/// <summary>When a neighbour fails, checkout degrades the way docs/api.md and the chaos experiments promise.</summary>
[Collection(OutagesCollection.Name)]
public sealed class OutageTests(OutagesFixture system, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HttpClient _client = system.Client;

    public Task InitializeAsync() => system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

    public Task DisposeAsync() => system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

    [Fact]
    public async Task When_payments_always_fail_the_order_is_accepted_pending_and_settled_after_recovery()
    {
        await system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 1.0);

        using var response = await _client.PlaceAsync(NewKey(), OneItem("kate"));

        await Problem.AssertStatusAsync(HttpStatusCode.Created, response);
        var order = await response.ReadOrderAsync();
        Assert.Equal("PendingPayment", order.Status);
        Assert.Equal("PendingPayment", (await _client.GetOrderAsync(order)).Status);
        await Eventually.UntilAsync(async () => await PendingGaugeAsync() >= 1, "the pending-orders gauge to count the pending order");

        await system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

        await Eventually.UntilAsync(async () => (await _client.GetOrderAsync(order)).Status == "Paid",
            $"order {order.Id} to be settled to Paid by the worker once Payments recovered");
        await Eventually.UntilAsync(async () => await PendingGaugeAsync() == 0, "the pending-orders gauge to drain to 0");
    }

    /// <summary>
    /// The value of <c>ordering_orders_pending</c> on /metrics (Prometheus text), or -1 when absent. The meter is
    /// per process and other collections' hosts run in this process too, but only this collection ever has
    /// a pending order, so a value of 1 can only come from here.
    /// </summary>
    private async Task<double> PendingGaugeAsync()
    {
        var text = await _client.GetStringAsync("/metrics");
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^ordering_orders_pending(\{[^}]*\})? (?<value>\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [Fact]
    public async Task When_payments_is_slower_than_its_budget_the_order_is_accepted_pending_and_settled_later()
    {
        await system.Payments.SetBehaviourAsync(latencyMs: 3000, failureRate: 0);

        var stopwatch = Stopwatch.StartNew();
        using var response = await _client.PlaceAsync(NewKey(), OneItem("liam"));
        // Reported, not asserted: speed is for the load suites to judge.
        output.WriteLine($"checkout with Payments at 3 s latency answered in {stopwatch.ElapsedMilliseconds} ms");

        await Problem.AssertStatusAsync(HttpStatusCode.Created, response);
        var order = await response.ReadOrderAsync();
        Assert.Equal("PendingPayment", order.Status);

        await system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

        await Eventually.UntilAsync(async () => (await _client.GetOrderAsync(order)).Status == "Paid",
            $"order {order.Id} to be settled to Paid once Payments was fast again");
    }

    [Fact]
    public async Task When_catalog_is_unreachable_checkout_is_a_503_with_retry_after()
    {
        var nobodyListens = $"http://127.0.0.1:{FreePort.Next()}";
        await using var ordering = system.CreateOrdering(catalogUrl: nobodyListens,
            overrides: new Dictionary<string, string?> { ["Ordering:Settlement:Enabled"] = "false" });
        using var client = ordering.CreateClient();

        using var response = await client.PlaceAsync(NewKey(), OneItem("mia"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        await Problem.ReadAsync(response);
    }

    [Fact]
    public async Task When_postgres_is_down_checkout_is_a_503_with_retry_after_and_a_retry_after_recovery_makes_one_order()
    {
        var key = NewKey();
        var buyer = $"noah-{Guid.NewGuid():N}";
        await system.Postgres.StopAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await _client.PlaceAsync(key, OneItem(buyer));
            output.WriteLine($"checkout with Postgres stopped answered {(int)response.StatusCode} in {stopwatch.ElapsedMilliseconds} ms");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            await Problem.ReadAsync(response);
        }
        finally
        {
            await system.Postgres.StartAsync();
        }

        // Retry with the same key until the service has reconnected; every retry is safe.
        var created = await Eventually.ReturnsAsync(
            async () => { using var r = await _client.PlaceAsync(key, OneItem(buyer)); return r.StatusCode; },
            status => status is HttpStatusCode.Created or HttpStatusCode.OK,
            "checkout to succeed again after Postgres restarted");
        using var replay = await _client.PlaceAsync(key, OneItem(buyer));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, await system.ScalarAsync("SELECT count(*) FROM orders WHERE buyer_id = $1", buyer));
    }
}
