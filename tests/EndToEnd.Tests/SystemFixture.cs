using Reference.AppHost.Hosting;
using Reference.Dashboard.Hosting;
using Reference.Dashboard.Storage;
using Reference.Testing;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// The whole system, started once for the collection through <c>ReferenceApp.StartAsync</c> on free ports.
/// The dashboard's OTLP receiver and store run in this process (not as the dashboard resource) so the
/// trace test can read the spans the services really exported; every service's
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> points at it.
/// </summary>
public sealed class SystemFixture : ReferenceAppFixture
{
    private DashboardHost? _dashboard;

    /// <summary>Every span the services exported during this run.</summary>
    public TelemetryStore Telemetry => (_dashboard ?? throw new InvalidOperationException("The fixture has not started.")).Store;

    protected override ReferenceAppOptions Options
    {
        get
        {
            var environment = new Dictionary<string, string>(TestEnvironment)
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _dashboard!.Endpoints.OtlpGrpc.ToString().TrimEnd('/'),
            };
            return base.Options with
            {
                IncludeDashboard = false,
                EnvironmentName = "Development",
                Environment = environment,
                ResourceEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
                {
                    // The settlement worker's production pace (1 s polls, backoff from 1 s doubling) would
                    // make the outage test wait for seconds of backoff; a faster pace tests the same path.
                    ["ordering"] = new Dictionary<string, string>
                    {
                        ["Ordering__Settlement__PollInterval"] = "00:00:00.200",
                        ["Ordering__Settlement__BaseBackoff"] = "00:00:00.200",
                        ["Ordering__Settlement__MaxBackoff"] = "00:00:01",
                    },
                },
            };
        }
    }

    public override async Task InitializeAsync()
    {
        _dashboard = await DashboardHost.StartAsync(new Dictionary<string, string?>(DashboardHost.FreePortSettings())
        {
            // Nobody logs in to this one; the UI just has to start.
            ["Dashboard:Frontend:AuthMode"] = "Unsecured",
        });
        try
        {
            await base.InitializeAsync();
            await WarmUpAsync();
        }
        catch
        {
            await _dashboard.DisposeAsync();
            _dashboard = null;
            throw;
        }
    }

    /// <summary>
    /// The base fixture waits until a basket prices; one checkout more (ordering → catalog, payments,
    /// Postgres) keeps the cold start out of the first test's trace (the first checkout after a start
    /// took 5 s in one run).
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var gateway = CreateHttpClient("gateway");
        var shopper = new Shopper(gateway, "e2e-warm-up");
        using (var put = await shopper.SendRetryingUnavailableAsync(() => new HttpRequestMessage(HttpMethod.Put, $"/api/basket/{shopper.BuyerId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { items = new[] { new { productId = 1, quantity = 1 } } }),
        }))
        {
            await Shopper.AssertStatusAsync(System.Net.HttpStatusCode.OK, put);
        }

        var basket = await shopper.GetBasketAsync();
        using var checkout = await shopper.CheckoutAsync(basket, $"e2e-warm-up-{Guid.NewGuid():N}");
        await Shopper.AssertStatusAsync(System.Net.HttpStatusCode.Created, checkout);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_dashboard is not null) await _dashboard.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "whole system";
}
