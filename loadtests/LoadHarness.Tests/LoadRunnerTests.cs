using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Reference.Load.Hosting;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Stats;

namespace Reference.Load.Tests;

/// <summary>The runner against real Kestrel servers on loopback with known behaviour.</summary>
[Collection(LoadCollection.Name)]
public class LoadRunnerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static Scenario Get(Uri server, string path = "") => ProbeScenario.Create(new Uri(server, path));

    [Fact]
    public async Task Measures_a_fixed_server_delay_and_keeps_the_requested_rate()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Task.Delay(20, context.RequestAborted);
            await context.Response.WriteAsync("ok", context.RequestAborted);
        });

        var result = await LoadRunner.RunAsync(Get(server.BaseAddress), [Simulation.Inject(100, Second, TimeSpan.FromSeconds(3), "steady")]);

        var steady = result.Phase("steady").Total;
        Assert.Equal(300, steady.Count); // open model: exactly the planned arrivals
        Assert.Equal(300, steady.Ok);
        Assert.InRange(steady.AchievedRate, 95, 105);
        // Not asserted: Throughput. It divides by the time of the last answer, so one answer the
        // machine delayed by half a second (CI runs suites in parallel on two cores) reads as 86/s;
        // that is a fact about the machine, not about the runner's schedule, which AchievedRate checks.
        // 20 ms server delay plus loopback and scheduling overhead (generous: CI machines are busy).
        Assert.InRange(steady.Latency.P50Ms, 19, 60);
        Assert.Equal(new Dictionary<string, long> { ["200"] = 300 }, steady.StatusCodes);
    }

    [Fact]
    public async Task A_one_second_stall_shows_in_the_high_percentiles_because_latency_counts_from_the_intended_start()
    {
        await using var server = await LoopbackServer.StartAsync(StallOnceAfter(requests: 100, stall: Second));

        // 100/s for 4 s: the stall starts around t = 1 s, so ~100 requests are due while the server is stuck.
        var result = await LoadRunner.RunAsync(Get(server.BaseAddress), [Simulation.Inject(100, Second, TimeSpan.FromSeconds(4), "stall")]);

        var stats = result.Phase("stall").Total;
        Assert.Equal(400, stats.Count);
        Assert.True(stats.Latency.P99Ms >= 500, $"p99 {stats.Latency.P99Ms} ms: queued requests behind a 1 s stall must show up to ~1 s");
        Assert.True(stats.Latency.MaxMs >= 900, $"max {stats.Latency.MaxMs} ms: the request that hit the stall waited ~1 s");
        Assert.True(stats.Latency.FractionWithinMs(100) < 0.95, "about a quarter of the requests were due during the stall and must be slow");
        var slowestSecond = result.Seconds.MaxBy(s => s.P99Ms)!;
        Assert.True(slowestSecond.P99Ms >= 500, "the per-second series must show the stall");
    }

    [Fact]
    public async Task The_closed_model_hides_the_same_stall_which_is_why_gates_use_the_open_model()
    {
        await using var server = await LoopbackServer.StartAsync(StallOnceAfter(requests: 100, stall: Second));

        var result = await LoadRunner.RunAsync(Get(server.BaseAddress), [Simulation.KeepConstant(1, TimeSpan.FromSeconds(3), "closed")]);

        var stats = result.Phase("closed").Total;
        Assert.True(stats.Latency.MaxMs >= 900, $"max {stats.Latency.MaxMs} ms: one request did wait for the stall");
        Assert.True(stats.Latency.P99Ms < 500, $"p99 {stats.Latency.P99Ms} ms: the one virtual user waited instead of sending, so only one sample is slow");
    }

    [Fact]
    public async Task Shed_responses_errors_and_timeouts_are_counted_apart()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/shed":
                    context.Response.StatusCode = 503;
                    context.Response.Headers.RetryAfter = "1";
                    break;
                case "/limit":
                    context.Response.StatusCode = 429; // no Retry-After: breaks the shedding contract
                    break;
                case "/fail":
                    context.Response.StatusCode = 500;
                    break;
                case "/hang":
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                    break;
            }
        });
        Step Step(string path) => new(path.Trim('/'), 1, _ => new HttpRequestMessage(HttpMethod.Get, path));
        var scenario = new Scenario("mixed-outcomes", server.BaseAddress, [Step("/shed"), Step("/limit"), Step("/fail"), Step("/hang"), Step("/ok")]);

        var result = await LoadRunner.RunAsync(scenario, [Simulation.Inject(100, Second, TimeSpan.FromSeconds(1), "outcomes")],
            new RunOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var phase = result.Phase("outcomes");
        Assert.Equal(100, phase.Total.Count);
        Assert.Equal(phase.Step("shed").Count, phase.Step("shed").Shed);
        Assert.Equal(0, phase.Step("shed").ShedWithoutRetryAfter);
        Assert.Equal(phase.Step("limit").Count, phase.Step("limit").ShedWithoutRetryAfter);
        Assert.Equal(phase.Step("fail").Count, phase.Step("fail").ServerErrors);
        Assert.Equal(phase.Step("hang").Count, phase.Step("hang").Timeouts);
        Assert.Equal(phase.Step("ok").Count, phase.Step("ok").Ok);
        Assert.Equal(phase.Step("fail").Count + phase.Step("hang").Count, phase.Total.Errors);
        // A timeout's latency is the time it was given up on.
        Assert.InRange(phase.Step("hang").Latency.P50Ms, 290, 2000);
    }

    [Fact]
    public async Task Progress_is_reported_while_the_run_goes()
    {
        await using var server = await LoopbackServer.StartTrivialAsync();
        var reports = new List<ProgressSnapshot>();
        var progress = new SynchronousProgress(reports);

        await LoadRunner.RunAsync(Get(server.BaseAddress), [Simulation.Inject(50, Second, TimeSpan.FromSeconds(2), "p")],
            new RunOptions { ProgressInterval = TimeSpan.FromMilliseconds(250) }, progress);

        lock (reports)
        {
            Assert.True(reports.Count >= 3, $"expected several progress reports, got {reports.Count}");
            Assert.Equal(100, reports[^1].Completed);
            Assert.All(reports, r => Assert.Equal("p", r.Phase));
        }
    }

    [Fact]
    public async Task Every_request_says_it_comes_from_the_load_harness()
    {
        var userAgents = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            userAgents.Add(context.Request.Headers.UserAgent.ToString());
            return context.Response.WriteAsync("ok", context.RequestAborted);
        });

        await LoadRunner.RunAsync(Get(server.BaseAddress), [Simulation.Inject(50, Second, Second, "ua")]);

        // The gateway counts this product token as synthetic load (Gateway.Tests GatewayJourneyMetricsTests).
        Assert.Equal(50, userAgents.Count);
        Assert.All(userAgents, ua => Assert.Equal("Reference.LoadHarness/1.0", ua));
    }

    [Fact]
    public async Task A_run_raises_the_thread_pool_floor_so_the_harness_does_not_queue_its_own_requests()
    {
        await using var server = await LoopbackServer.StartTrivialAsync();

        await LoadRunner.RunAsync(Get(server.BaseAddress), [Simulation.Inject(10, Second, Second, "floor")]);

        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        Assert.True(workers >= HarnessThreads.MinThreads, $"min worker threads {workers}");
        Assert.True(completionPorts >= HarnessThreads.MinThreads, $"min completion port threads {completionPorts}");
    }

    /// <summary>Every request waits while a one-off stall (started by the N-th request) lasts.</summary>
    private static RequestDelegate StallOnceAfter(int requests, TimeSpan stall)
    {
        long count = 0;
        long stallEnds = 0;
        return async context =>
        {
            if (Interlocked.Increment(ref count) == requests)
                Interlocked.Exchange(ref stallEnds, Stopwatch.GetTimestamp() + (long)(stall.TotalSeconds * Stopwatch.Frequency));
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Interlocked.Read(ref stallEnds));
            if (wait > TimeSpan.Zero) await Task.Delay(wait, context.RequestAborted);
            await context.Response.WriteAsync("ok", context.RequestAborted);
        };
    }

    private sealed class SynchronousProgress(List<ProgressSnapshot> reports) : IProgress<ProgressSnapshot>
    {
        public void Report(ProgressSnapshot value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
