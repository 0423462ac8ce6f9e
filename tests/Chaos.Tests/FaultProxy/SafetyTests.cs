using System.Diagnostics;
using Reference.Chaos.FaultProxy.Client;
using Reference.Chaos.Tests.Support;
using Reference.Testing;

namespace Reference.Chaos.Tests.FaultProxy;

/// <summary>Nothing stays injected: faults expire by TTL, all go when a controller's lease runs out, and one call removes every fault.</summary>
public sealed class SafetyTests : EchoBehindProxy
{
    [Fact]
    public async Task A_fault_removes_itself_when_its_ttl_passes()
    {
        // 2 s of latency: far above what a clean echo takes even on a busy CI machine (500 ms was not: one clean
        // echo took longer while every suite ran in parallel on two cores).
        var fault = await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromSeconds(2)).For(TimeSpan.FromSeconds(1)));
        Assert.True(fault.ExpiresAt - fault.CreatedAt == TimeSpan.FromSeconds(1), $"Expected expiresAt one second after createdAt: {fault}");

        await Eventually.UntilAsync(async () => (await Proxy.Client.ListAsync()).Count == 0, "the 1 s fault to expire", TimeSpan.FromSeconds(5));

        var echo = await EchoTimeAsync();
        Assert.True(echo < TimeSpan.FromSeconds(2), $"Expected traffic clean after the TTL; an echo took {echo.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Faults_have_a_five_minute_ttl_by_default()
    {
        var fault = await Proxy.Client.AddAsync(FaultSpec.Blackhole());

        Assert.Equal(300, fault.TtlSeconds);
        Assert.Equal(TimeSpan.FromMinutes(5), fault.ExpiresAt - fault.CreatedAt);
    }

    [Fact]
    public async Task Every_fault_goes_when_a_lease_expires_without_renewal()
    {
        await Proxy.Client.RenewLeaseAsync("crashed-experiment", TimeSpan.FromSeconds(1));
        await Proxy.Client.AddAsync(FaultSpec.Blackhole());
        await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromSeconds(1)));

        await Eventually.UntilAsync(async () => (await Proxy.Client.ListAsync()).Count == 0, "the faults to go when the 1 s lease ran out", TimeSpan.FromSeconds(5));

        Assert.True(await EchoTimeAsync() < TimeSpan.FromSeconds(1), "Expected traffic clean after the lease expired");
    }

    [Fact]
    public async Task A_renewed_lease_keeps_the_faults()
    {
        var started = Stopwatch.StartNew();
        await using (await Proxy.Client.HoldLeaseAsync("live-experiment", TimeSpan.FromSeconds(1)))
        {
            await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(10)));
            // Three lease lifetimes, renewed every third of one.
            while (started.Elapsed < TimeSpan.FromSeconds(3))
            {
                Assert.Single(await Proxy.Client.ListAsync());
                await Task.Delay(200);
            }
        }
    }

    [Fact]
    public async Task Reset_removes_every_fault_in_one_call()
    {
        await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromSeconds(1)));
        await Proxy.Client.AddAsync(FaultSpec.Bandwidth(1));
        await Proxy.Client.AddAsync(FaultSpec.Down());

        await Proxy.Client.ResetAsync();

        Assert.Empty(await Proxy.Client.ListAsync());
        var elapsed = await Eventually.ReturnsAsync(EchoTimeAsync, t => t < TimeSpan.FromSeconds(1), "a clean echo after reset", TimeSpan.FromSeconds(5));
        Assert.True(elapsed < TimeSpan.FromSeconds(1));
    }

    private async Task<TimeSpan> EchoTimeAsync()
    {
        using var wire = await Wire.ConnectAsync(Proxy.Port);
        var started = Stopwatch.StartNew();
        await wire.SendAsync([1]);
        await wire.ReceiveAsync(1, Deadline);
        return started.Elapsed;
    }
}
