using System.Net.Sockets;
using System.Text;

namespace Reference.Chaos.Tests.Support;

/// <summary>One Redis PING over the wire protocol with the caller's timeout: what a client with a command timeout does.</summary>
public static class RedisPing
{
    public static async Task<string> SendAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await stream.WriteAsync("PING\r\n"u8.ToArray(), deadline.Token);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, deadline.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).Trim();
    }
}
