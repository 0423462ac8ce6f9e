using Reference.AppHost;
using Reference.AppHost.Hosting;
using Xunit;

namespace Reference.Testing;

/// <summary>
/// The whole system (or the part <see cref="Options"/> names) started through the AppHost for a test
/// class or collection: free ports everywhere, every process stopped and every temp dir deleted on
/// dispose. Override <see cref="Options"/> to choose resources and settings.
/// </summary>
public class ReferenceAppFixture : IAsyncLifetime
{
    private ReferenceApplication? _app;

    public ReferenceApplication App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Defaults for tests: everything, dashboard included, services not waiting before they drain.</summary>
    protected virtual ReferenceAppOptions Options => new()
    {
        Environment = TestEnvironment,
        EchoLogs = Environment.GetEnvironmentVariable("REFERENCE_TEST_ECHO") == "1",
    };

    /// <summary>Settings every test run of the system wants: no pause before draining, so stopping is quick.</summary>
    public static IReadOnlyDictionary<string, string> TestEnvironment { get; } = new Dictionary<string, string>
    {
        ["Shutdown__NotReadyDelay"] = "00:00:00",
    };

    public virtual async Task InitializeAsync() => _app = await ReferenceApp.StartAsync(Options);

    public HttpClient CreateHttpClient(string resource, int replica = 0) => App.CreateHttpClient(resource, replica);

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
