using System.Net.Sockets;
using Reference.Chaos.FaultProxy.Client;
using Reference.Chaos.Tests.Support;
using Reference.Testing;

namespace Reference.Chaos.Tests.FaultProxy;

/// <summary>"Down": the server is gone for everyone — new connections refused, open ones cut — until the fault goes.</summary>
public sealed class DownTests : EchoBehindProxy
{
    [Fact]
    public async Task Down_cuts_open_connections_and_refuses_new_ones()
    {
        using var open = await Wire.ConnectAsync(Proxy.Port);
        await open.SendAsync([1]);
        await open.ReceiveAsync(1, Deadline);

        await Proxy.Client.AddAsync(FaultSpec.Down());

        Assert.Equal(nameof(SocketError.ConnectionReset), await open.HowReadEndsAsync(Deadline));
        var refused = await Assert.ThrowsAnyAsync<SocketException>(() => Wire.ConnectAsync(Proxy.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Connections_are_accepted_again_once_down_is_removed()
    {
        var down = await Proxy.Client.AddAsync(FaultSpec.Down());
        await Assert.ThrowsAnyAsync<SocketException>(() => Wire.ConnectAsync(Proxy.Port));

        Assert.True(await Proxy.Client.RemoveAsync(down.Id));

        var echoed = await Eventually.ReturnsAsync(async () =>
        {
            using var wire = await Wire.ConnectAsync(Proxy.Port);
            await wire.SendAsync([7]);
            return await wire.ReceiveAsync(1, TimeSpan.FromSeconds(2));
        }, bytes => bytes[0] == 7, "the proxy to accept and pass a connection after down was removed", TimeSpan.FromSeconds(5));
        Assert.Equal([7], echoed);
    }

    [Fact]
    public async Task The_proxy_outlives_many_downs_in_a_row()
    {
        // Each down closes the listener under a pending accept; one of them once ended the accept loop
        // with an exception, which stopped the whole proxy (and every experiment behind it).
        for (var cycle = 0; cycle < 40; cycle++)
        {
            var down = await Proxy.Client.AddAsync(FaultSpec.Down());
            Assert.True(await Proxy.Client.RemoveAsync(down.Id), $"cycle {cycle}: down should be removable");
        }

        var echoed = await Eventually.ReturnsAsync(async () =>
        {
            using var wire = await Wire.ConnectAsync(Proxy.Port);
            await wire.SendAsync([9]);
            return await wire.ReceiveAsync(1, TimeSpan.FromSeconds(2));
        }, bytes => bytes[0] == 9, "the proxy to pass a connection after 40 downs", TimeSpan.FromSeconds(5));
        Assert.Equal([9], echoed);
    }
}
