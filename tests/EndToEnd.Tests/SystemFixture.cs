using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Reference.Testing;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// The whole system from the real AppHost, started once for the collection, with the Aspire dashboard:
/// the services export their spans to it over OTLP as Aspire wires them, and the trace test reads them
/// back through its telemetry API.
/// </summary>
public sealed class SystemFixture : ReferenceSystem
{
    private DashboardTelemetry? _traces;
    private GatewayBuyer? _buyer;

    /// <summary>One buyer from the gateway for suites that send one-off requests (bad input): tokens like any client.</summary>
    public async Task<GatewayBuyer> BuyerAsync()
    {
        if (_buyer is null)
        {
            using var gateway = CreateHttpClient("gateway");
            _buyer = await GatewayBuyer.CreateAsync(gateway);
        }
        return _buyer;
    }

    protected override bool WithDashboard => true;

    /// <summary>The spans this run's services exported to the dashboard.</summary>
    public DashboardTelemetry Traces => _traces ?? throw new InvalidOperationException("The fixture has not started.");

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        // The settlement worker's production pace (1 s polls, backoff from 1 s doubling) would make the
        // outage test wait for seconds of backoff; a faster pace tests the same path.
        Project(builder, "ordering")
            .WithEnvironment("Ordering__Settlement__PollInterval", "00:00:00.200")
            .WithEnvironment("Ordering__Settlement__BaseBackoff", "00:00:00.200")
            .WithEnvironment("Ordering__Settlement__MaxBackoff", "00:00:01");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _traces = new DashboardTelemetry(Dashboard!);
        await WarmUpAsync();
    }

    public override async Task DisposeAsync()
    {
        _traces?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>
    /// The base fixture waits until a basket prices; one checkout more (ordering → catalog, payments,
    /// Postgres) keeps the cold start out of the first test's trace (the first checkout after a start
    /// took 5 s in one run).
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var gateway = CreateHttpClient("gateway");
        var shopper = await Shopper.NewAsync(gateway);
        using (var put = await shopper.SendRetryingUnavailableAsync(() => new HttpRequestMessage(HttpMethod.Put, $"/api/basket/{shopper.BuyerId}")
        {
            Content = JsonContent.Create(new { items = new[] { new { productId = 1, quantity = 1 } } }),
        }))
        {
            await Shopper.AssertStatusAsync(HttpStatusCode.OK, put);
        }

        var basket = await shopper.GetBasketAsync();
        using var checkout = await shopper.CheckoutAsync(basket, $"e2e-warm-up-{Guid.NewGuid():N}");
        await Shopper.AssertStatusAsync(HttpStatusCode.Created, checkout);
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "whole system";
}
