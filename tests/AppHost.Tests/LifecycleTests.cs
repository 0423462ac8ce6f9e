using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reference.AppHost.Hosting;
using Reference.AppHost.Processes;
using Reference.AppHost.Supervision;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>No child outlives the AppHost — stopped politely, or SIGKILLed as a real process — and two runs never collide.</summary>
public partial class LifecycleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_the_apphost_stops_none_of_its_children_is_alive_and_services_stopped_before_their_data()
    {
        var app = await ReferenceApp.StartAsync(SmallSystem.Options());
        IReadOnlyList<int> pids;
        try
        {
            pids = SmallSystem.Pids(app);
            Assert.Equal(4, pids.Count); // postgres, cache, catalog ×2
            Assert.All(pids, pid => Assert.True(ProcessFacts.IsAlive(pid), $"pid {pid} should run while the app runs"));
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.All(app.Resources.Values.SelectMany(r => r.Replicas), r => Assert.Equal(ReplicaState.Stopped, r.State));
        // Reverse dependency order: both Catalog replicas were gone before Postgres or Redis was asked to stop.
        var catalogStopped = app.Resources["catalog"].Replicas.Max(r => EventAt(r, "stopped"));
        Assert.True(catalogStopped <= EventAt(app.Resources["postgres"].Replicas[0], "stopping"), "catalog should stop before postgres");
        Assert.True(catalogStopped <= EventAt(app.Resources["cache"].Replicas[0], "stopping"), "catalog should stop before redis");
        await Eventually.UntilAsync(() => pids.All(pid => !ProcessFacts.IsAlive(pid)),
            $"every child ({string.Join(", ", pids)}) to be gone; alive: {string.Join(", ", pids.Where(ProcessFacts.IsAlive))}", Deadline);
    }

    [Fact]
    public async Task Two_apphosts_run_side_by_side_without_a_port_collision()
    {
        var first = ReferenceApp.StartAsync(SmallSystem.Options());
        var second = ReferenceApp.StartAsync(SmallSystem.Options());
        try
        {
            var apps = await Task.WhenAll(first, second);
            var (a, b) = (apps[0], apps[1]);

            Assert.All(a.Resources.Values.Concat(b.Resources.Values), r => Assert.Equal(ReplicaState.Running, r.State));
            var portsA = Ports(a);
            var portsB = Ports(b);
            Assert.Empty(portsA.Intersect(portsB));
            Assert.NotEqual(a.GetConnectionString("catalogdb"), b.GetConnectionString("catalogdb"));
        }
        finally
        {
            // Whichever started is stopped, even when the other failed.
            foreach (var started in new[] { first, second }.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_SIGKILLed_apphost_takes_every_child_with_it()
    {
        var dll = Path.Combine(Supervision.ProjectLocator.RepositoryRoot, "AppHost", "bin", Supervision.ProjectLocator.BuildConfiguration, "net10.0", "AppHost.dll");
        Assert.True(File.Exists(dll), $"{dll} should be built");
        var environment = SmallSystem.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        // Its data goes where we can delete it: a SIGKILLed AppHost cleans up nothing.
        var data = Directory.CreateTempSubdirectory("reference-apphost-test-").FullName;
        try
        {
            await KillAndWatchChildrenAsync(dll, data, environment);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task KillAndWatchChildrenAsync(string dll, string data, Dictionary<string, string?> environment)
    {
        await using var apphost = await ManagedProcess.StartAsync("apphost", new ProcessSpec(Supervision.ProjectLocator.DotnetHost,
            [dll, "--only", "catalog", "--no-dashboard", "--gateway-port", "0", "--dashboard-port", "0", "--data-dir", data])
        {
            Environment = environment,
        });

        // The AppHost prints its control URL and token; ask it for the pids of everything it runs.
        var control = await Eventually.ReturnsAsync(() => Task.FromResult(ControlLine().Match(string.Join('\n', apphost.Logs.Tail(500).Select(l => l.Text)))),
            m => m.Success, "the AppHost to print its control API", Deadline);
        using var client = new HttpClient { BaseAddress = new Uri(control.Groups["url"].Value) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", control.Groups["token"].Value);
        var resources = await Eventually.ReturnsAsync(() => client.GetFromJsonAsync<JsonElement>("/api/resources"),
            r => r.EnumerateArray().All(x => x.GetProperty("state").GetString() == "Running"), "every resource to be Running", TimeSpan.FromSeconds(120));
        var pids = resources.EnumerateArray().SelectMany(r => r.GetProperty("replicas").EnumerateArray()).Select(r => r.GetProperty("pid").GetInt32()).ToList();
        Assert.Equal(4, pids.Count);
        Assert.All(pids, pid => Assert.True(ProcessFacts.IsAlive(pid), $"pid {pid} should run while the AppHost runs"));

        apphost.Kill();
        await apphost.Exited.WaitAsync(Deadline);

        await Eventually.UntilAsync(() => pids.All(pid => !ProcessFacts.IsAlive(pid)),
            $"every child of the SIGKILLed AppHost ({string.Join(", ", pids)}) to die", TimeSpan.FromSeconds(10));
    }

    private static DateTimeOffset EventAt(Replica replica, string evt) =>
        replica.Logs.Tail(2000).Last(l => l.Text.StartsWith("[apphost] " + evt, StringComparison.Ordinal)).Timestamp;

    private static HashSet<int> Ports(ReferenceApplication app)
    {
        var ports = app.Resources.Values.SelectMany(r => r.Endpoints).Select(u => u.Port).ToHashSet();
        ports.Add(app.ControlUrl.Port);
        ports.Add(new Uri("tcp://" + app.GetConnectionString("cache")).Port);
        ports.Add(new Npgsql.NpgsqlConnectionStringBuilder(app.GetConnectionString("catalogdb")).Port);
        return ports;
    }

    [GeneratedRegex(@"control API (?<url>http://\S+) \(Authorization: Bearer (?<token>[0-9a-f]+)\)")]
    private static partial Regex ControlLine();
}
