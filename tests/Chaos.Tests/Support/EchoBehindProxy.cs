namespace Reference.Chaos.Tests.Support;

/// <summary>
/// A loopback echo server with a fault proxy in front, fresh for every test (xunit builds the class per
/// test), both stopped afterwards. Tests talk to <c>Proxy.Port</c> and add faults through <c>Proxy.Client</c>.
/// </summary>
public abstract class EchoBehindProxy : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    protected EchoServer Echo { get; private set; } = null!;
    protected FaultProxyHarness Proxy { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Echo = new EchoServer();
        Proxy = FaultProxyHarness.Start(Echo.Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Echo.DisposeAsync();
    }
}
