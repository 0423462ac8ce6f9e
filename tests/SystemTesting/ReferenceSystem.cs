using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Reference.Testing;

/// <summary>
/// The whole system, started from the real AppHost (<c>Projects.AppHost</c>) through Aspire.Hosting.Testing
/// for a test class or collection: ports chosen by the OS, Postgres without fsync, every process stopped and
/// every temp dir deleted on dispose. Suites override <see cref="Configure"/> for their settings and
/// <see cref="WithDashboard"/> when they look at the Aspire dashboard.
/// </summary>
public class ReferenceSystem : IAsyncLifetime
{
    /// <summary>Time for a cold start on a busy two-core machine: build outputs exist, processes don't.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Start the Aspire dashboard too (off by default: it costs CPU the suites would rather measure with).</summary>
    protected virtual bool WithDashboard => false;

    /// <summary>Clients reach Postgres and Redis through the fault proxies, as under <c>./reference up</c> (the load gates turn them off).</summary>
    protected virtual bool WithFaultProxies => true;

    /// <summary>The dashboard, its browser token and its telemetry API key, when <see cref="WithDashboard"/>.</summary>
    public DashboardAccess? Dashboard { get; private set; }

    /// <summary>From <c>StartAsync</c> until the gateway (which waits for everything) was healthy.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>Suite settings on the declared resources, e.g. <c>Project(builder, "ordering").WithEnvironment(…)</c>.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>The declared project <paramref name="name"/> (<c>ordering</c>, <c>catalog-0</c>…), to add suite settings to.</summary>
    protected static IResourceBuilder<ProjectResource> Project(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().SingleOrDefault(r => r.Name == name)
            ?? throw new ArgumentException($"The AppHost declares no project named '{name}'.", nameof(name)));

    public virtual async Task InitializeAsync()
    {
        List<string> args = ["--gateway-port=0", "--Postgres:Fsync=false", "--quiet=true"];
        if (!WithDashboard) args.Add("--no-dashboard");
        if (!WithFaultProxies) args.Add("--fault-proxy=false");
        // The testing builder gives its dashboard dynamic loopback ports, a browser token and a telemetry API key of
        // its own (it overwrites any we pass as arguments); they are read back from it below.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = WithDashboard }, [.. args]);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(project);
            // No pause before draining: stopping a service (or the system at the end of a suite) is quick.
            resource.WithEnvironment("Shutdown__NotReadyDelay", "00:00:00");
        }
        // Test output keeps what a failing test needs: the services' warnings and errors, not every request line,
        // and not the AppHost's health probes failing while the system is still starting.
        builder.Services.AddLogging(logging => logging
            .AddFilter("AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical));
        Configure(builder);

        _app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await _app.StartAsync(timeout.Token);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The system was not healthy within {StartTimeout.TotalSeconds:0} s:\n{DescribeResources()}");
        }
        TimeToHealthy = clock.Elapsed;
        if (WithDashboard)
        {
            Dashboard = DashboardAccess.From(await _app.GetDashboardUrlAsync(timeout.Token), builder.Configuration);
        }
        await WaitUntilBasketPricesAsync();
    }

    /// <summary>
    /// A plain client for a project's http endpoint (the gateway: the system's front door). Not
    /// <c>App.CreateHttpClient</c>: that one carries the standard resilience handler, whose retries of 5xx, 429 and
    /// refused connections would hide from a test exactly the answers a real client gets.
    /// </summary>
    public HttpClient CreateHttpClient(string resource) => new() { BaseAddress = GetEndpoint(resource) };

    public Uri GetEndpoint(string resource) => App.GetEndpoint(resource, "http");

    public async Task<string> GetConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>This run's <c>Admin__ApiKey</c> (the generated <c>admin-key</c> parameter): send it as <c>X-Admin-Key</c>.</summary>
    public async Task<string> GetAdminKeyAsync()
    {
        var parameter = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "admin-key");
        return await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException("admin-key has no value.");
    }

    /// <summary>The OS process behind a resource, and its state, as the AppHost sees them.</summary>
    public ResourceProcesses Processes => new(App);

    /// <summary>
    /// Healthy is not warm: right after a start Basket's first calls to a cold Catalog miss their budget and
    /// a basket cannot be priced for a few seconds. Suites that drive the journey begin after that.
    /// </summary>
    private async Task WaitUntilBasketPricesAsync()
    {
        using var gateway = CreateHttpClient("gateway");
        var last = "";
        try
        {
            var buyer = await GatewayBuyer.CreateAsync(gateway);
            await Eventually.UntilAsync(async () =>
            {
                using var request = buyer.Sign(new HttpRequestMessage(HttpMethod.Put, $"/api/basket/{buyer.BuyerId}")
                {
                    Content = JsonContent.Create(new { items = new[] { new { productId = 1, quantity = 1 } } }),
                });
                using var put = await gateway.SendAsync(request);
                last = $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}";
                return put.IsSuccessStatusCode;
            }, "a basket priced through the gateway", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message} Last answer: {last}", ex);
        }
    }

    private string DescribeResources()
    {
        if (_app is null) return "";
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        return string.Join('\n', model.Resources.Where(r => r is not ParameterResource).Select(r =>
            _app.ResourceNotifications.TryGetCurrentState(r.Name, out var e)
                ? $"- {r.Name}: {e.Snapshot.State?.Text} {e.Snapshot.HealthStatus}"
                : $"- {r.Name}: no state"));
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
