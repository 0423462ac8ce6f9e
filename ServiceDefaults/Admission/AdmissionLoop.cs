using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults.Admission;

/// <summary>
/// Measures queueing delay and moves the limit. Every <see cref="AdmissionOptions.ProbeInterval"/> a work
/// item goes to the thread pool's global queue, where socket completions (new requests) wait too; the
/// time until it runs is how long ready work waits for a CPU here. Every
/// <see cref="AdmissionOptions.AdjustInterval"/> the window's samples adjust the limit.
/// </summary>
internal sealed class AdmissionLoop(AdmissionController controller, IOptions<AdmissionOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.ProbeInterval);
        var lastAdjust = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.Controller.RecordQueueDelay(Stopwatch.GetElapsedTime(state.QueuedAt)),
                    (Controller: controller, QueuedAt: Stopwatch.GetTimestamp()), preferLocal: false);
                if (Stopwatch.GetElapsedTime(lastAdjust) >= settings.AdjustInterval)
                {
                    controller.Adjust();
                    lastAdjust = Stopwatch.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
