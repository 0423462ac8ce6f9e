using System.Diagnostics;
using System.Threading.Channels;
using Reference.Load.Scenarios;
using Reference.Load.Stats;

namespace Reference.Load.Runner;

/// <summary>
/// Sends one request and hands what happened to the aggregator. Shared by every request of a run;
/// thread safe. Latency is counted from the intended start, so time spent waiting for a connection,
/// a thread or the scheduler is part of it.
/// </summary>
internal sealed class RequestPath(
    HttpClient client, Scenario scenario, StepContext context, RunClock clock,
    ChannelWriter<CompletedRequest> completed, RunOptions options, CancellationToken runToken)
{
    private readonly WeightedPicker _picker = new(scenario.Steps.Select(s => s.Weight).ToArray());
    private long _inFlight;

    public long InFlight => Volatile.Read(ref _inFlight);

    public int PickStep() => _picker.Pick(context.Random);

    /// <summary>Called by the scheduler at (or just after) an arrival's intended time; never waits for the answer.</summary>
    public void Dispatch(int phase, long intendedTicks)
    {
        var step = PickStep();
        if (Interlocked.Increment(ref _inFlight) > options.MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            completed.TryWrite(new CompletedRequest(step, phase, intendedTicks, intendedTicks, clock.Now, 0, Outcome.NotSent, false));
            return;
        }
        // The thread pool runs the request so the scheduler thread is free for the next arrival.
        ThreadPool.UnsafeQueueUserWorkItem(
            static work => _ = work.Path.SendCountedAsync(work.Step, work.Phase, work.IntendedTicks),
            new Work(this, step, phase, intendedTicks), preferLocal: false);
    }

    /// <summary>Sends a request and waits for it (closed-model virtual users).</summary>
    public Task SendAsync(int step, int phase, long intendedTicks)
    {
        Interlocked.Increment(ref _inFlight);
        return SendCountedAsync(step, phase, intendedTicks);
    }

    private async Task SendCountedAsync(int stepIndex, int phase, long intendedTicks)
    {
        var step = scenario.Steps[stepIndex];
        var sentTicks = clock.Now;
        var status = 0;
        var outcome = Outcome.TransportError;
        var retryAfter = false;
        string? said = null;
        // Every request starts its own sampled W3C trace: a failed one can be opened in the Aspire dashboard by its id.
        var traceId = ActivityTraceId.CreateRandom();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(runToken);
            timeout.CancelAfter(options.RequestTimeout);
            using var request = step.CreateRequest(context);
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter is not null;
                outcome = Outcomes.Classify(status);
                // A failed answer says who refused it and why (problem details' title): kept for the reports.
                if (status >= 500 || status == 429) said = Truncate(await response.Content.ReadAsStringAsync(timeout.Token));
                if (step.OnResponse is { } onResponse)
                {
                    try { await onResponse(context, request, response, timeout.Token); }
                    catch (Exception) when (!timeout.IsCancellationRequested) { outcome = Outcome.InvalidResponse; }
                }
            }
            catch (OperationCanceledException) when (!runToken.IsCancellationRequested)
            {
                outcome = Outcome.Timeout;
            }
            catch (HttpRequestException)
            {
                outcome = Outcome.TransportError;
            }
        }
        catch (Exception) when (!runToken.IsCancellationRequested)
        {
            // A step that throws while building its request is a harness bug; count it rather than crash the run.
            outcome = Outcome.TransportError;
        }
        catch (Exception)
        {
            // The run was cancelled: still account for the request below.
        }
        finally
        {
            completed.TryWrite(new CompletedRequest(stepIndex, phase, intendedTicks, sentTicks, clock.Now, status, outcome, retryAfter, traceId, said));
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Waits until every request sent so far has been answered (each one is bounded by the request timeout).</summary>
    public async Task DrainAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + RunPlan.ToTicks(options.RequestTimeout + TimeSpan.FromSeconds(5));
        while (InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(5, CancellationToken.None);
    }

    private static string Truncate(string body) => body.Length <= 160 ? body : body[..160] + "…";

    private sealed record Work(RequestPath Path, int Step, int Phase, long IntendedTicks);
}
