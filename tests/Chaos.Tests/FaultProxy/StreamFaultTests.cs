using System.Diagnostics;
using System.Net.Sockets;
using Reference.Chaos.FaultProxy.Client;
using Reference.Chaos.Tests.Support;

namespace Reference.Chaos.Tests.FaultProxy;

/// <summary>Each fault kind that transforms a stream, seen from a client of a loopback echo server behind the proxy.</summary>
public sealed class StreamFaultTests : EchoBehindProxy
{
    [Fact]
    public async Task Bytes_pass_both_ways_unchanged_when_no_fault_is_in_force()
    {
        using var wire = await Wire.ConnectAsync(Proxy.Port);
        var sent = Wire.Bytes(100_000);

        var receiving = wire.ReceiveAsync(sent.Length, Deadline);
        await wire.SendAsync(sent);

        Assert.Equal(sent, await receiving);
    }

    [Fact]
    public async Task Latency_delays_each_direction_by_at_least_the_latency()
    {
        await Proxy.Client.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(150)) with { Direction = FaultDirection.Downstream });
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        var started = Stopwatch.StartNew();
        await wire.SendAsync([1, 2, 3]);
        await wire.ReceiveAsync(3, Deadline);

        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(150), $"Expected the echo to take at least 150 ms, took {started.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Reset_peer_surfaces_as_connection_reset_on_the_client()
    {
        await Proxy.Client.AddAsync(FaultSpec.ResetPeer());
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        await wire.SendAsync([1, 2, 3]);

        Assert.Equal(nameof(SocketError.ConnectionReset), await wire.HowReadEndsAsync(Deadline));
    }

    [Fact]
    public async Task Limit_data_passes_the_first_bytes_then_closes()
    {
        await Proxy.Client.AddAsync(FaultSpec.LimitData(10) with { Direction = FaultDirection.Downstream });
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        await wire.SendAsync(Wire.Bytes(100));
        var (received, _) = await wire.ReceiveUntilClosedAsync(Deadline);

        Assert.Equal(Wire.Bytes(100)[..10], received);
    }

    [Fact]
    public async Task Bandwidth_caps_throughput()
    {
        await Proxy.Client.AddAsync(FaultSpec.Bandwidth(100) with { Direction = FaultDirection.Downstream });
        using var wire = await Wire.ConnectAsync(Proxy.Port);
        var sent = Wire.Bytes(150 * 1024);

        var started = Stopwatch.StartNew();
        var receiving = wire.ReceiveAsync(sent.Length, Deadline);
        await wire.SendAsync(sent);
        Assert.Equal(sent, await receiving);

        // 150 KB at 100 KB/s is 1.5 s; the first tenth-second slice goes at once.
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1.3), $"Expected 150 KB at 100 KB/s to take about 1.5 s, took {started.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Slow_close_holds_the_servers_close_back()
    {
        await Proxy.Client.AddAsync(FaultSpec.SlowClose(TimeSpan.FromMilliseconds(400)) with { Direction = FaultDirection.Downstream });
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        await wire.SendAsync([1, 2, 3]);
        wire.Client.Client.Shutdown(SocketShutdown.Send); // the echo server closes in turn
        var (received, elapsed) = await wire.ReceiveUntilClosedAsync(Deadline);

        Assert.Equal([1, 2, 3], received);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(400), $"Expected the close at least 400 ms late, came after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Blackhole_accepts_and_never_answers()
    {
        await Proxy.Client.AddAsync(FaultSpec.Blackhole());
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        await wire.SendAsync([1, 2, 3]);

        Assert.Equal("timed out", await wire.HowReadEndsAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Timeout_closes_the_connection_after_the_timeout()
    {
        await Proxy.Client.AddAsync(FaultSpec.Timeout(TimeSpan.FromMilliseconds(300)));
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        var started = Stopwatch.StartNew();
        await wire.SendAsync([1, 2, 3]);
        var (received, _) = await wire.ReceiveUntilClosedAsync(Deadline);

        Assert.Empty(received);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(300), $"Expected the close after 300 ms, came after {started.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_fault_added_later_reaches_connections_already_open()
    {
        using var wire = await Wire.ConnectAsync(Proxy.Port);
        await wire.SendAsync([1]);
        await wire.ReceiveAsync(1, Deadline);

        await Proxy.Client.AddAsync(FaultSpec.ResetPeer());
        await wire.SendAsync([2]);

        Assert.Equal(nameof(SocketError.ConnectionReset), await wire.HowReadEndsAsync(Deadline));
    }

    [Fact]
    public async Task Toxicity_zero_leaves_every_connection_alone()
    {
        await Proxy.Client.AddAsync(FaultSpec.ResetPeer() with { Toxicity = 0 });
        using var wire = await Wire.ConnectAsync(Proxy.Port);

        await wire.SendAsync([1, 2, 3]);

        Assert.Equal([1, 2, 3], await wire.ReceiveAsync(3, Deadline));
    }

    [Fact]
    public async Task Toxicity_is_decided_per_connection()
    {
        await Proxy.Client.AddAsync(FaultSpec.ResetPeer() with { Toxicity = 0.5 });

        var outcomes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            using var wire = await Wire.ConnectAsync(Proxy.Port);
            await wire.SendAsync([1]);
            outcomes.Add(await wire.HowReadEndsAsync(Deadline));
        }

        Assert.Contains("data", outcomes);
        Assert.Contains(nameof(SocketError.ConnectionReset), outcomes);
    }
}
