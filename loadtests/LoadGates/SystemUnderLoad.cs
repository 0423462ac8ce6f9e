using Reference.AppHost.Hosting;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Testing;

namespace Reference.LoadGates;

/// <summary>
/// The whole system, started once for every gate through the AppHost on free ports, without the
/// dashboard (it would compete for CPU with what is being measured). The gateway gets the settings
/// of <see cref="GateSettings.GatewayEnvironment"/>.
/// </summary>
public sealed class SystemUnderLoad : ReferenceAppFixture
{
    public GateSettings Settings { get; } = GateSettings.Current;

    protected override ReferenceAppOptions Options => base.Options with
    {
        IncludeDashboard = false,
        ResourceEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = Settings.GatewayEnvironment,
        },
    };

    /// <summary>How long the system took to start and to warm up (reported by the first gate).</summary>
    public TimeSpan StartedIn { get; private set; }
    public string WarmUpSummary { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await base.InitializeAsync();
        StartedIn = clock.Elapsed;
        // Unjudged: JIT, pools and caches of fresh processes (see GateSettings.SystemWarmUp).
        using var limit = new CancellationTokenSource(Settings.SystemWarmUp + TimeSpan.FromMinutes(1));
        var warmUp = await LoadRunner.RunAsync(MixedJourney.Create(Gateway),
            [Simulation.Inject(Settings.OneXRate, TimeSpan.FromSeconds(1), Settings.SystemWarmUp, "system warm-up")],
            cancellationToken: limit.Token);
        var total = warmUp.Overall.Total;
        WarmUpSummary = $"system started in {StartedIn.TotalSeconds:0} s; warm-up {Settings.SystemWarmUp.TotalSeconds:0} s at {Settings.OneXRate:0.#} req/s: " +
            $"{total.Count} requests, {total.Errors} errors, {total.Shed} shed, p99 {total.Latency.P99Ms:0} ms (unjudged)";
    }

    public Uri Gateway => App.GetEndpoint("gateway");

    public string OrderingDb => App.GetConnectionString("orderingdb");
}
