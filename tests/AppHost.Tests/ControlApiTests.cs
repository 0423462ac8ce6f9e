using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.AppHost.Supervision;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>The control API of docs/api.md: bearer token, resource list, commands, logs.</summary>
public class ControlApiTests(SmallSystemFixture system) : IClassFixture<SmallSystemFixture>
{
    [Fact]
    public async Task Lists_every_resource_with_state_pids_endpoints_and_replicas()
    {
        using var client = Authorized();

        var resources = await client.GetFromJsonAsync<JsonElement>("/api/resources");

        var byName = resources.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(new[] { "cache", "catalog", "postgres" }, byName.Keys.Order().ToArray());
        var catalog = byName["catalog"];
        Assert.Equal("project", catalog.GetProperty("type").GetString());
        Assert.Equal("Running", catalog.GetProperty("state").GetString());
        Assert.Equal(2, catalog.GetProperty("endpoints").GetArrayLength());
        var replicas = catalog.GetProperty("replicas").EnumerateArray().ToList();
        Assert.Equal([0, 1], replicas.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(replicas, r =>
        {
            Assert.True(r.GetProperty("pid").GetInt32() > 0);
            Assert.Equal("Healthy", r.GetProperty("health").GetString());
            Assert.StartsWith("http://127.0.0.1:", r.GetProperty("endpoint").GetString());
        });
        Assert.Equal("postgres", byName["postgres"].GetProperty("type").GetString());
        Assert.Equal("redis", byName["cache"].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Rejects_a_missing_or_wrong_token(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = system.App.ControlUrl };
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var list = await client.GetAsync("/api/resources");
        using var kill = await client.PostAsync("/api/resources/catalog/kill", null);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, kill.StatusCode);
        Assert.All(system.App.Resources["catalog"].Replicas, r => Assert.Equal(ReplicaState.Running, r.State));
    }

    [Fact]
    public async Task Logs_come_back_in_order_after_a_sequence_number()
    {
        using var client = Authorized();

        var all = await client.GetFromJsonAsync<JsonElement>("/api/resources/postgres/logs");
        var seqs = all.EnumerateArray().Select(l => l.GetProperty("seq").GetInt64()).ToList();
        Assert.NotEmpty(seqs);
        Assert.Equal(seqs.Order(), seqs);
        var first = all[0];
        Assert.True(first.TryGetProperty("timestamp", out _) && first.TryGetProperty("text", out _));
        Assert.Contains(first.GetProperty("stream").GetString(), new[] { "stdout", "stderr" });

        var later = await client.GetFromJsonAsync<JsonElement>($"/api/resources/postgres/logs?after={seqs[0]}");
        Assert.Equal(seqs.Skip(1), later.EnumerateArray().Select(l => l.GetProperty("seq").GetInt64()).Take(seqs.Count - 1));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_an_unknown_resource_a_404()
    {
        using var client = Authorized();

        using var badReplica = await client.PostAsync("/api/resources/catalog/kill?replica=7", null);
        using var badAction = await client.PostAsync("/api/resources/catalog/explode", null);
        using var badAfter = await client.GetAsync("/api/resources/catalog/logs?after=soon");
        using var unknown = await client.PostAsync("/api/resources/nope/stop", null);

        Assert.Equal(HttpStatusCode.BadRequest, badReplica.StatusCode);
        Assert.Contains("replica", await badReplica.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        Assert.Contains("action", await badAction.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badAfter.StatusCode);
        Assert.Contains("after", await badAfter.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.All(system.App.Resources["catalog"].Replicas, r => Assert.Equal(0, r.Restarts));
    }

    [Fact]
    public async Task Restart_of_one_replica_is_accepted_and_brings_it_back_with_a_new_pid()
    {
        using var client = Authorized();
        var replica = system.App.Resources["catalog"].Replicas[1];
        await replica.WaitForStateAsync(ReplicaState.Running, TimeSpan.FromSeconds(60));
        var pid = replica.Pid;

        using var response = await client.PostAsync("/api/resources/catalog/restart?replica=1", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.UntilAsync(() => replica.State == ReplicaState.Running && replica.Pid is { } now && now != pid,
            "replica 1 to be Running with a new pid", TimeSpan.FromSeconds(60));
        Assert.Equal(ReplicaState.Running, system.App.Resources["catalog"].Replicas[0].State);
    }

    private HttpClient Authorized()
    {
        var client = new HttpClient { BaseAddress = system.App.ControlUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.App.ControlToken);
        return client;
    }
}
