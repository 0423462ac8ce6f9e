using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Testing;

namespace Reference.LoadGates;

/// <summary>
/// The whole system, started once for every gate from the real AppHost on free ports, without the
/// dashboard and the fault proxies (they would compete for CPU with what is being measured). The gateway gets the settings
/// of <see cref="GateSettings.GatewayEnvironment"/>.
/// </summary>
public sealed class SystemUnderLoad : ReferenceSystem
{
    public GateSettings Settings { get; } = GateSettings.Current;

    /// <summary>The gates measure the system as it would be deployed: no chaos proxies in front of Postgres and Redis.</summary>
    protected override bool WithFaultProxies => false;

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var gateway = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "gateway"));
        foreach (var (key, value) in Settings.GatewayEnvironment) gateway.WithEnvironment(key, value);
    }

    /// <summary>How long the system took to start and to warm up (reported by the first gate).</summary>
    public TimeSpan StartedIn { get; private set; }
    public string WarmUpSummary { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await base.InitializeAsync();
        StartedIn = clock.Elapsed;
        OrderingDb = await GetConnectionStringAsync("orderingdb");
        PaymentsDb = await GetConnectionStringAsync("paymentsdb");
        // Unjudged: JIT, pools and caches of fresh processes (see GateSettings.SystemWarmUp).
        using var limit = new CancellationTokenSource(Settings.SystemWarmUp + TimeSpan.FromMinutes(1));
        // Half at 1x, half at half the spike rate: hot paths reach tier-1 JIT and the pools grow before anything is judged.
        var half = Settings.SystemWarmUp / 2;
        var warmUp = await LoadRunner.RunAsync(MixedJourney.Create(Gateway),
            [
                Simulation.Inject(Settings.OneXRate, TimeSpan.FromSeconds(1), half, "system warm-up 1x"),
                Simulation.Inject(Settings.SpikeRate / 2, TimeSpan.FromSeconds(1), half, "system warm-up busy"),
            ],
            cancellationToken: limit.Token);
        var total = warmUp.Overall.Total;
        WarmUpSummary = $"system started in {StartedIn.TotalSeconds:0} s; warm-up {half.TotalSeconds:0} s at {Settings.OneXRate:0.#} req/s + {half.TotalSeconds:0} s at {Settings.SpikeRate / 2:0.#} req/s: " +
            $"{total.Count} requests, {total.Errors} errors, {total.Shed} shed, p99 {total.Latency.P99Ms:0} ms (unjudged)";
    }

    public Uri Gateway => GetEndpoint("gateway");

    public string OrderingDb { get; private set; } = "";

    public string PaymentsDb { get; private set; } = "";
}
