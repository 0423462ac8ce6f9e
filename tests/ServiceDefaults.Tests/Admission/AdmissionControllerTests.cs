using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reference.ServiceDefaults.Admission;

namespace Reference.ServiceDefaults.Tests.Admission;

/// <summary>Admission decisions: criticality bands under one limit, and the limit following the queueing delay.</summary>
public sealed class AdmissionControllerTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private AdmissionController Controller(int limit, int min = 1, int max = 1000) => new(Options.Create(new AdmissionOptions
    {
        InitialLimit = limit,
        MinLimit = min,
        MaxLimit = max,
        QueueDelayTarget = TimeSpan.FromMilliseconds(10),
    }), _services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void At_the_limit_sheddable_work_is_refused_first_and_critical_work_last()
    {
        var controller = Controller(limit: 20);
        // Default shares: sheddable may fill 75 % (15), default 90 % (18), critical all 20.
        var sheddable = Enumerable.Range(0, 20).Count(_ => controller.TryAdmit(Criticality.Sheddable));
        Assert.Equal(15, sheddable);
        var @default = Enumerable.Range(0, 20).Count(_ => controller.TryAdmit(Criticality.Default));
        Assert.Equal(3, @default);
        var critical = Enumerable.Range(0, 20).Count(_ => controller.TryAdmit(Criticality.Critical));
        Assert.Equal(2, critical);
        Assert.Equal(20, controller.InFlight);

        controller.Release();
        Assert.False(controller.TryAdmit(Criticality.Sheddable));
        Assert.True(controller.TryAdmit(Criticality.Critical));
    }

    [Fact]
    public void Queueing_delay_above_the_target_lowers_the_limit_and_delay_below_it_raises_a_used_limit_again()
    {
        var controller = Controller(limit: 40, min: 8);
        for (var i = 0; i < 20; i++) controller.RecordQueueDelay(TimeSpan.FromMilliseconds(30));
        controller.Adjust();
        Assert.Equal(36, controller.Limit);

        // Requests in flight use the limit and the delay is back under the target: it grows.
        for (var i = 0; i < 30; i++) Assert.True(controller.TryAdmit(Criticality.Critical));
        for (var i = 0; i < 20; i++) controller.RecordQueueDelay(TimeSpan.FromMilliseconds(1));
        controller.Adjust();
        Assert.Equal(42, controller.Limit);
    }

    [Fact]
    public void One_slow_sample_among_fast_ones_is_not_congestion_but_a_window_without_samples_is()
    {
        var controller = Controller(limit: 40, min: 8);
        controller.RecordQueueDelay(TimeSpan.FromMilliseconds(200)); // a GC pause
        for (var i = 0; i < 19; i++) controller.RecordQueueDelay(TimeSpan.FromMilliseconds(1));
        controller.Adjust();
        Assert.Equal(40, controller.Limit);

        controller.Adjust(); // the probe never got a thread in this window
        Assert.Equal(36, controller.Limit);
    }

    public void Dispose() => _services.Dispose();
}
