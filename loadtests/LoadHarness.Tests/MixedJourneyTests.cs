using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Load.Tests;

[Collection(LoadCollection.Name)]
public class MixedJourneyTests
{
    [Fact]
    public async Task Sends_the_70_20_10_mix_with_catalog_prices_and_records_every_acknowledged_order()
    {
        await using var gateway = await FakeGateway.StartAsync();

        // No products given: the scenario's init learns ids and prices from the catalog.
        var result = await LoadRunner.RunAsync(MixedJourney.Create(gateway.BaseAddress),
            [
                // Unjudged warm-up: the first requests in a process pay for JIT on both sides.
                Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "warm-up"),
                Simulation.Inject(400, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "mix"),
            ]);

        var phase = result.Phase("mix");
        Assert.Equal(800, phase.Total.Count);
        Assert.Equal(phase.Total.Count, phase.Total.Ok); // no 400s: shapes and prices are what the API expects
        Assert.InRange(phase.Step("browse").Count, 800 * 0.62, 800 * 0.78);
        Assert.InRange(phase.Step("basket").Count, 800 * 0.14, 800 * 0.26);
        Assert.InRange(phase.Step("checkout").Count, 800 * 0.05, 800 * 0.15);
        Assert.Equal(["basket", "browse", "checkout"], phase.Journeys.Select(j => j.Name).Order());

        // Every checkout had a fresh key and every acknowledgement matches what the server created.
        var checkouts = result.Phases.Sum(p => p.Step("checkout").Count);
        Assert.Equal(checkouts, gateway.OrdersByKey.Count);
        Assert.Equal(gateway.OrdersByKey.Count, result.AcknowledgedOrders.Count);
        Assert.Equal(gateway.OrdersByKey.Keys.Order(), result.SentIdempotencyKeys.Order());
        Assert.All(result.AcknowledgedOrders, ack =>
        {
            Assert.Equal(201, ack.StatusCode);
            Assert.Equal(gateway.OrdersByKey[ack.IdempotencyKey].ToString(), ack.OrderId);
        });

        var verdict = SloThresholds.FromDefinition(SloDefinition.Current).Evaluate(phase);
        Assert.True(verdict.Passed, verdict.ToString());
    }

    [Fact]
    public async Task Init_fails_with_a_clear_message_when_the_gateway_has_no_catalog()
    {
        await using var server = await Reference.Load.Hosting.LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadRunner.RunAsync(
            MixedJourney.Create(server.BaseAddress), [Simulation.Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))]));

        Assert.Contains("api/catalog/items answered 502", error.Message);
    }

    [Fact]
    public async Task Init_gives_up_at_the_request_timeout_when_the_gateway_never_answers()
    {
        await using var server = await Reference.Load.Hosting.LoopbackServer.StartAsync(context =>
            Task.Delay(Timeout.Infinite, context.RequestAborted));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadRunner.RunAsync(
            MixedJourney.Create(server.BaseAddress), [Simulation.Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))],
            new RunOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Contains("init did not finish within 0.3 s", error.Message);
    }
}
