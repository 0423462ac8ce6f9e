using System.Diagnostics;
using System.Threading.Channels;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Stats;

namespace Reference.Load.Runner;

/// <summary>Runs a scenario under a sequence of load simulations and measures it (open model, HdrHistogram).</summary>
public static class LoadRunner
{
    /// <summary>Every request of a run carries it (services/Gateway/Infrastructure/SyntheticTraffic.cs).</summary>
    public const string UserAgent = "Reference.LoadHarness/1.0";

    public static async Task<RunResult> RunAsync(
        Scenario scenario,
        IReadOnlyList<LoadSimulation> simulations,
        RunOptions? options = null,
        IProgress<ProgressSnapshot>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        options.Validate();
        scenario.Validate();
        var plan = RunPlan.Create(simulations);
        HarnessThreads.EnsureFloor();

        using var handler = CreateHandler(options);
        using var client = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = scenario.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan, // each request carries its own timeout
        };
        // The gateway counts this User-Agent as synthetic traffic and the SLO page bands it as a load run.
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        if (scenario.Init is { } init) await InitAsync(scenario, init, client, options, cancellationToken);

        var channel = Channel.CreateUnbounded<CompletedRequest>(new UnboundedChannelOptions
        {
            SingleReader = true,
            AllowSynchronousContinuations = false,
        });
        var context = new StepContext();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = new RunClock(Stopwatch.GetTimestamp());
        var path = new RequestPath(client, scenario, context, clock, channel.Writer, options, cancellationToken);
        var aggregator = new Aggregator(scenario, plan);
        var aggregation = Task.Run(() => aggregator.RunAsync(channel.Reader, clock, () => path.InFlight, progress, options.ProgressInterval),
            CancellationToken.None);

        try
        {
            await new Scheduler(plan, path, clock, cancellationToken).RunAsync();
        }
        finally
        {
            await path.DrainAsync();
            channel.Writer.TryComplete();
            await aggregation;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return aggregator.Build(startedAt, clock.Elapsed, context.AcknowledgedOrders, context.SentIdempotencyKeys);
    }

    /// <summary>Runs the scenario's init with a deadline: a target that accepts and never answers must not hang the run.</summary>
    private static async Task InitAsync(Scenario scenario, Func<HttpClient, CancellationToken, Task> init, HttpClient client,
        RunOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeout);
        try
        {
            await init(client, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Scenario '{scenario.Name}': init did not finish within {options.RequestTimeout.TotalSeconds:0.#} s against {scenario.BaseAddress}.");
        }
    }

    private static SocketsHttpHandler CreateHandler(RunOptions options) => new()
    {
        MaxConnectionsPerServer = options.MaxConnections,
        // Recycle connections so a long run notices replicas that came and went.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        // Each request carries the traceparent the request path made; the handler must not replace it.
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };
}
