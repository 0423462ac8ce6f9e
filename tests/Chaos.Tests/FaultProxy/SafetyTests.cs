using System.Diagnostics;
using Reference.Chaos.FaultProxy.Client;
using Reference.Chaos.Tests.Support;
using Reference.Testing;

namespace Reference.Chaos.Tests.FaultProxy;

/// <summary>Nothing stays injected: faults expire by TTL, all go when a controller's lease runs out, and one call removes every fault.</summary>
public sealed class SafetyTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private EchoServer _echo = null!;
    private FaultProxyHarness _proxy = null!;

    public Task InitializeAsync()
    {
        _echo = new EchoServer();
        _proxy = FaultProxyHarness.Start(_echo.Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task A_fault_removes_itself_when_its_ttl_passes()
    {
        var fault = await _proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(500)).For(TimeSpan.FromSeconds(1)));
        Assert.True(fault.ExpiresAt - fault.CreatedAt == TimeSpan.FromSeconds(1), $"Expected expiresAt one second after createdAt: {fault}");

        await Eventually.UntilAsync(async () => (await _proxy.Client.ListAsync()).Count == 0, "the 1 s fault to expire", TimeSpan.FromSeconds(5));

        Assert.True(await EchoTimeAsync() < TimeSpan.FromMilliseconds(500), "Expected traffic clean after the TTL");
    }

    [Fact]
    public async Task Faults_have_a_five_minute_ttl_by_default()
    {
        var fault = await _proxy.Client.AddAsync(FaultSpec.Blackhole());

        Assert.Equal(300, fault.TtlSeconds);
        Assert.Equal(TimeSpan.FromMinutes(5), fault.ExpiresAt - fault.CreatedAt);
    }

    [Fact]
    public async Task Every_fault_goes_when_a_lease_expires_without_renewal()
    {
        await _proxy.Client.RenewLeaseAsync("crashed-experiment", TimeSpan.FromSeconds(1));
        await _proxy.Client.AddAsync(FaultSpec.Blackhole());
        await _proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromSeconds(1)));

        await Eventually.UntilAsync(async () => (await _proxy.Client.ListAsync()).Count == 0, "the faults to go when the 1 s lease ran out", TimeSpan.FromSeconds(5));

        Assert.True(await EchoTimeAsync() < TimeSpan.FromSeconds(1), "Expected traffic clean after the lease expired");
    }

    [Fact]
    public async Task A_renewed_lease_keeps_the_faults()
    {
        var started = Stopwatch.StartNew();
        await using (await _proxy.Client.HoldLeaseAsync("live-experiment", TimeSpan.FromSeconds(1)))
        {
            await _proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(10)));
            // Three lease lifetimes, renewed every third of one.
            while (started.Elapsed < TimeSpan.FromSeconds(3))
            {
                Assert.Single(await _proxy.Client.ListAsync());
                await Task.Delay(200);
            }
        }
    }

    [Fact]
    public async Task Reset_removes_every_fault_in_one_call()
    {
        await _proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromSeconds(1)));
        await _proxy.Client.AddAsync(FaultSpec.Bandwidth(1));
        await _proxy.Client.AddAsync(FaultSpec.Down());

        await _proxy.Client.ResetAsync();

        Assert.Empty(await _proxy.Client.ListAsync());
        var elapsed = await Eventually.ReturnsAsync(EchoTimeAsync, t => t < TimeSpan.FromSeconds(1), "a clean echo after reset", TimeSpan.FromSeconds(5));
        Assert.True(elapsed < TimeSpan.FromSeconds(1));
    }

    private async Task<TimeSpan> EchoTimeAsync()
    {
        using var wire = await Wire.ConnectAsync(_proxy.Port);
        var started = Stopwatch.StartNew();
        await wire.SendAsync([1]);
        await wire.ReceiveAsync(1, Deadline);
        return started.Elapsed;
    }
}
