using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Testing;

namespace Reference.ServiceDefaults.Tests.Chaos;

/// <summary>/admin/chaos: the key, the switch, the validation, the TTL.</summary>
public sealed class ChaosApiTests
{
    [Fact]
    public async Task Without_the_admin_key_chaos_answers_401()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/chaos");
        wrong.Headers.Add(AdminKeyFilter.HeaderName, "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, (await hosts.Client.GetAsync("/admin/chaos")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hosts.Client.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hosts.Client.PutAsync("/admin/chaos/payments", ChaosHosts.Json("""{ "faultRate": 1 }"""))).StatusCode);
    }

    [Fact]
    public async Task With_no_admin_key_configured_admin_endpoints_are_closed()
    {
        await using var hosts = await ChaosHosts.StartAsync(adminKey: null);

        using var response = await hosts.Admin.GetAsync("/admin/chaos");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task With_chaos_disabled_the_endpoints_do_not_exist()
    {
        await using var hosts = await ChaosHosts.StartAsync(chaosEnabled: false);

        Assert.Equal(HttpStatusCode.NotFound, (await hosts.Admin.GetAsync("/admin/chaos")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hosts.Admin.PutAsync("/admin/chaos/payments", ChaosHosts.Json("""{ "faultRate": 1 }"""))).StatusCode);
    }

    [Fact]
    public async Task Enabled_in_production_start_up_fails_naming_the_setting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ChaosHosts.StartAsync(environment: "Production"));

        Assert.Contains("Chaos:Enabled", failure.ToString());
    }

    [Theory]
    [InlineData("""{ "faultRate": 1.5 }""", "faultRate")]
    [InlineData("""{ "faultRate": -0.1 }""", "faultRate")]
    [InlineData("""{ "latencyMs": -1 }""", "latencyMs")]
    [InlineData("""{ "latencyMs": 600001 }""", "latencyMs")]
    [InlineData("""{ "latencyMs": 10, "latencyRate": 2 }""", "latencyRate")]
    [InlineData("""{ "blockThreadMs": 0 }""", "blockThreadMs")]
    [InlineData("""{ "blockThreadMs": 600001 }""", "blockThreadMs")]
    [InlineData("""{ "blockThreadMs": 10, "blockThreadRate": 1.5 }""", "blockThreadRate")]
    [InlineData("""{ "outcomeRate": 1, "outcomeStatus": 42 }""", "outcomeStatus")]
    [InlineData("""{ "failFirst": -1 }""", "failFirst")]
    [InlineData("""{ "faultRate": 1, "maxInjections": 0 }""", "maxInjections")]
    [InlineData("""{ "faultRate": 1, "ttlSeconds": 0 }""", "ttlSeconds")]
    [InlineData("""{ "faultRate": 1, "ttlSeconds": 999999 }""", "ttlSeconds")]
    [InlineData("""{ }""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field(string json, string field)
    {
        await using var hosts = await ChaosHosts.StartAsync();

        using var response = await hosts.Admin.PutAsync("/admin/chaos/payments", ChaosHosts.Json(json));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task A_bad_target_is_a_400_naming_the_target()
    {
        await using var hosts = await ChaosHosts.StartAsync();

        using var response = await hosts.Admin.PutAsync("/admin/chaos/Not%20A%20Target", ChaosHosts.Json("""{ "faultRate": 1 }"""));

        await AssertNamesFieldAsync(response, "target");
    }

    [Fact]
    public async Task A_setting_reads_back_and_delete_restores()
    {
        await using var hosts = await ChaosHosts.StartAsync();

        (await hosts.Admin.PutAsync("/admin/chaos/payments", ChaosHosts.Json("""{ "faultRate": 0.5, "experimentId": "exp-1" }"""))).EnsureSuccessStatusCode();
        (await hosts.Admin.PutAsync("/admin/chaos/cache", ChaosHosts.Json("""{ "latencyMs": 5 }"""))).EnsureSuccessStatusCode();
        var listed = await ListAsync(hosts);
        Assert.Equal(["cache", "payments"], listed.Select(s => s.GetProperty("target").GetString()));
        Assert.Equal("exp-1", listed[1].GetProperty("setting").GetProperty("experimentId").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await hosts.Admin.DeleteAsync("/admin/chaos/payments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hosts.Admin.DeleteAsync("/admin/chaos/payments")).StatusCode);
        Assert.Single(await ListAsync(hosts));
        Assert.Equal(HttpStatusCode.NoContent, (await hosts.Admin.DeleteAsync("/admin/chaos")).StatusCode);
        Assert.Empty(await ListAsync(hosts));
    }

    [Fact]
    public async Task A_setting_removes_itself_when_its_ttl_runs_out()
    {
        await using var hosts = await ChaosHosts.StartAsync();
        (await hosts.Admin.PutAsync("/admin/chaos/payments", ChaosHosts.Json("""{ "faultRate": 1, "ttlSeconds": 1 }"""))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadGateway, (await hosts.CallAsync()).StatusCode);

        await Eventually.UntilAsync(async () => (await ListAsync(hosts)).Length == 0, "the 1 s setting to be gone from GET /admin/chaos", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await hosts.CallAsync()).StatusCode);
    }

    private static async Task<JsonElement[]> ListAsync(ChaosHosts hosts) =>
        (await hosts.Admin.GetFromJsonAsync<JsonElement[]>("/admin/chaos"))!;

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400 naming '{field}', got {(int)response.StatusCode}: {body}");
        var names = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(names.Contains(field), $"Expected errors to name '{field}', but they name [{string.Join(", ", names)}]: {body}");
    }
}
