using System.Net;

namespace Reference.Chaos.FaultProxy;

/// <summary>
/// Bound from the <c>FaultProxy</c> section — as Aspire sets it, <c>FaultProxy__Listen</c> and
/// <c>FaultProxy__Upstream</c>. The control API's address is ASP.NET Core's own (<c>ASPNETCORE_URLS</c>).
/// </summary>
public sealed class FaultProxyOptions
{
    public const string Section = "FaultProxy";

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>: where clients connect. An IP address (or localhost) and a port.</summary>
    public string Listen { get; set; } = "";

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>: where connections are forwarded. A host name is allowed.</summary>
    public string Upstream { get; set; } = "";

    /// <summary>What the proxy stands in front of (the server's resource name): the <c>target</c> of its fault gauge.</summary>
    public string Target { get; set; } = "upstream";

    /// <summary>How long a new connection waits for the upstream before the proxy gives up and closes it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IPEndPoint ListenEndPoint => ParseListen(Listen) ?? throw new InvalidOperationException($"FaultProxy:Listen '{Listen}' is not an address:port.");

    public (string Host, int Port) UpstreamHostAndPort => ParseHostAndPort(Upstream) ?? throw new InvalidOperationException($"FaultProxy:Upstream '{Upstream}' is not a host:port.");

    public IEnumerable<string> Problems()
    {
        if (ParseListen(Listen) is null) yield return $"FaultProxy:Listen must be an address:port such as 127.0.0.1:6380; was '{Listen}'.";
        if (ParseHostAndPort(Upstream) is null) yield return $"FaultProxy:Upstream must be a host:port such as 127.0.0.1:6379; was '{Upstream}'.";
        if (ConnectTimeout <= TimeSpan.Zero) yield return $"FaultProxy:ConnectTimeout must be positive; was {ConnectTimeout}.";
    }

    private static IPEndPoint? ParseListen(string text)
    {
        if (ParseHostAndPort(text) is not var (host, port)) return null;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, port);
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) ? new IPEndPoint(address, port) : null;
    }

    private static (string Host, int Port)? ParseHostAndPort(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535) return null;
        return (text[..colon], port);
    }
}
