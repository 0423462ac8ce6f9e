using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>The dashboard, its browser token and its telemetry API key, when <see cref="WithDashboard"/>.</summary>
    public DashboardAccess? Dashboard { get; private set; }

    /// <summary>From <c>StartAsync</c> until the gateway (which waits for everything) was healthy.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>Suite settings on the declared resources, e.g. <c>builder.WithEnvironment("ordering", …)</c>.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        List<string> args = ["--gateway-port=0", "--Postgres:Fsync=false", "--quiet=true"];
        if (WithDashboard)
        {
            Dashboard = DashboardAccess.OnFreePorts();
            args.AddRange(Dashboard.AppHostArguments());
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([.. args],
            (options, _) => options.DisableDashboard = !WithDashboard);
        // No pause before draining: stopping the system at the end of a suite is quick.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("Shutdown__NotReadyDelay", "00:00:00");
        }
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
        await WaitUntilBasketPricesAsync();
    }

    /// <summary>A client for a project's http endpoint (the gateway: the system's front door).</summary>
    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

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
            await Eventually.UntilAsync(async () =>
            {
                using var put = await gateway.PutAsJsonAsync($"/api/basket/warm-up-{Guid.NewGuid():N}", new { items = new[] { new { productId = 1, quantity = 1 } } });
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
