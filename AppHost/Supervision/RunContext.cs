using System.Diagnostics;
using System.Security.Cryptography;
using Reference.AppHost.Hosting;

namespace Reference.AppHost.Supervision;

/// <summary>What every replica of one run shares: options, console, secrets of this run, where the dashboard and control API listen.</summary>
internal sealed class RunContext
{
    public RunContext(ReferenceAppOptions options)
    {
        Options = options;
        Echo = new ConsoleEcho(options.EchoLogs, options.Verbose);
        Configuration = options.Configuration ?? ProjectLocator.BuildConfiguration;
    }

    public ReferenceAppOptions Options { get; }
    public ConsoleEcho Echo { get; }
    public string Configuration { get; }
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>Passed to every project as <c>Admin__ApiKey</c>; admin endpoints want it in <c>X-Admin-Key</c>.</summary>
    public string AdminApiKey { get; } = NewSecret();

    public string ControlToken { get; } = NewSecret();
    public Uri? ControlUrl { get; set; }

    public DashboardEndpoints? Dashboard { get; set; }

    public Dictionary<string, SupervisedResource> Resources { get; } = [];

    /// <summary>One client for every HTTP health probe: no proxy, no pooling surprises, a short timeout.</summary>
    public HttpClient Probe { get; } = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>The status line a person watches for: where it serves and how long it took.</summary>
    public string RunningMessage(Replica replica, TimeSpan took)
    {
        var endpoint = replica.Endpoint is { } uri ? $" {uri.ToString().TrimEnd('/')}" : "";
        return $"running{endpoint} (pid {replica.Pid}, ready in {took.TotalSeconds:0.0} s, {Clock.Elapsed.TotalSeconds:0.0} s since start)";
    }

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}

/// <summary>The dashboard's listeners and login token for one run.</summary>
internal sealed record DashboardEndpoints(Uri Ui, Uri OtlpGrpc, Uri OtlpHttp, string BrowserToken)
{
    public Uri LoginUrl => new(Ui, $"/login?t={BrowserToken}");
}
