using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Reference.Payments.Tests;

/// <summary>The simulated provider: deterministic answers, idempotent by key, misbehaving on demand.</summary>
public sealed class PaymentsTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>, IAsyncLifetime
{
    private readonly PaymentsApp _payments = fixture.Host;
    private sealed record PaymentDto(Guid PaymentId, string Status);
    private sealed record BehaviourDto(int LatencyMs, double FailureRate);

    private readonly HttpClient _client = fixture.Host.CreateClient();
    private readonly HttpClient _admin = fixture.Host.CreateAdminClient();

    public Task InitializeAsync() => _payments.SetBehaviourAsync(0, 0);

    public Task DisposeAsync() => _payments.SetBehaviourAsync(0, 0);

    private static object Charge(decimal amount, string? key = null, Guid? orderId = null) =>
        new { orderId = orderId ?? Guid.NewGuid(), amount, idempotencyKey = key ?? Guid.NewGuid().ToString() };

    [Fact]
    public async Task A_normal_amount_is_authorised()
    {
        using var response = await _client.PostAsJsonAsync("/api/payments", Charge(25.00m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Authorised", (await response.Content.ReadFromJsonAsync<PaymentDto>())!.Status);
    }

    [Theory]
    [InlineData(10_000.00, "Authorised")]
    [InlineData(10_000.01, "Declined")]
    public async Task Amounts_above_10000_are_declined(decimal amount, string expected)
    {
        using var response = await _client.PostAsJsonAsync("/api/payments", Charge(amount));

        Assert.Equal(expected, (await response.Content.ReadFromJsonAsync<PaymentDto>())!.Status);
    }

    [Fact]
    public async Task The_same_key_gets_the_same_answer()
    {
        var request = Charge(40.00m);
        using var first = await _client.PostAsJsonAsync("/api/payments", request);
        using var second = await _client.PostAsJsonAsync("/api/payments", request);
        using var other = await _client.PostAsJsonAsync("/api/payments", Charge(40.00m));

        var a = await first.Content.ReadFromJsonAsync<PaymentDto>();
        var b = await second.Content.ReadFromJsonAsync<PaymentDto>();
        var c = await other.Content.ReadFromJsonAsync<PaymentDto>();
        Assert.Equal(a, b);
        Assert.NotEqual(a!.PaymentId, c!.PaymentId);
    }

    [Fact]
    public async Task Concurrent_charges_with_one_key_get_one_answer()
    {
        var request = Charge(60.00m);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _client.PostAsJsonAsync("/api/payments", request)));

        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<PaymentDto>())!.PaymentId));
        Assert.Single(ids.Distinct());
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task A_key_reused_for_a_different_amount_is_422()
    {
        var key = Guid.NewGuid().ToString();
        var orderId = Guid.NewGuid();
        using var first = await _client.PostAsJsonAsync("/api/payments", Charge(10m, key, orderId));
        using var reused = await _client.PostAsJsonAsync("/api/payments", Charge(11m, key, orderId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
    }

    [Theory]
    [InlineData("""{ "amount": 10, "idempotencyKey": "k" }""", "orderId")]
    [InlineData("""{ "orderId": "6f1c2a1e-0000-4000-8000-000000000001", "amount": 0, "idempotencyKey": "k" }""", "amount")]
    [InlineData("""{ "orderId": "6f1c2a1e-0000-4000-8000-000000000001", "amount": -5, "idempotencyKey": "k" }""", "amount")]
    [InlineData("""{ "orderId": "6f1c2a1e-0000-4000-8000-000000000001", "amount": 10 }""", "idempotencyKey")]
    [InlineData("""{ "orderId": "6f1c2a1e-0000-4000-8000-000000000001", "amount": "ten", "idempotencyKey": "k" }""", "amount")]
    public async Task Bad_requests_are_400s_naming_the_field(string json, string field)
    {
        using var response = await _client.PostAsync("/api/payments", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await Problem.AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Failure_rate_can_be_switched_on_and_off_at_run_time()
    {
        await _payments.SetBehaviourAsync(latencyMs: 0, failureRate: 1.0);
        using var failing = await _client.PostAsJsonAsync("/api/payments", Charge(5m));
        var problem = await Problem.ReadAsync(failing);

        await _payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);
        using var healthy = await _client.PostAsJsonAsync("/api/payments", Charge(5m));

        Assert.True(failing.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable,
            $"Expected an injected 500 or 503, got {(int)failing.StatusCode}");
        Assert.Equal((int)failing.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task A_failed_charge_records_nothing_so_a_retry_with_the_same_key_can_succeed()
    {
        var request = Charge(7m);
        await _payments.SetBehaviourAsync(latencyMs: 0, failureRate: 1.0);
        using var failed = await _client.PostAsJsonAsync("/api/payments", request);
        await _payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);
        using var retried = await _client.PostAsJsonAsync("/api/payments", request);

        Assert.False(failed.IsSuccessStatusCode);
        Assert.Equal("Authorised", (await retried.Content.ReadFromJsonAsync<PaymentDto>())!.Status);
    }

    [Fact]
    public async Task Injected_latency_delays_the_answer_by_at_least_the_configured_time()
    {
        await _payments.SetBehaviourAsync(latencyMs: 300, failureRate: 0);

        var stopwatch = Stopwatch.StartNew();
        using var response = await _client.PostAsJsonAsync("/api/payments", Charge(5m));

        // A lower bound only: it proves the latency is injected, not how fast anything is.
        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"Expected at least 300 ms of injected latency, took {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Behaviour_reads_back_what_was_set_and_keeps_omitted_fields()
    {
        using var set = await _admin.PutAsJsonAsync("/api/payments/behaviour", new { latencyMs = 150, failureRate = 0.25 });
        using var partial = await _admin.PutAsJsonAsync("/api/payments/behaviour", new { failureRate = 0.5 });
        var read = await _admin.GetFromJsonAsync<BehaviourDto>("/api/payments/behaviour");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(new BehaviourDto(150, 0.5), read);
    }

    [Theory]
    [InlineData("""{ "latencyMs": -1 }""", "latencyMs")]
    [InlineData("""{ "latencyMs": 60001 }""", "latencyMs")]
    [InlineData("""{ "failureRate": 1.5 }""", "failureRate")]
    [InlineData("""{ "failureRate": -0.1 }""", "failureRate")]
    public async Task Out_of_range_behaviour_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await _admin.PutAsync("/api/payments/behaviour", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await Problem.AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Behaviour_needs_the_admin_key()
    {
        using var noKey = await _client.GetAsync("/api/payments/behaviour");
        using var wrongKey = new HttpRequestMessage(HttpMethod.Put, "/api/payments/behaviour") { Content = JsonContent.Create(new { failureRate = 1.0 }) };
        wrongKey.Headers.Add("X-Admin-Key", "wrong");
        using var wrong = await _client.SendAsync(wrongKey);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(0.0, (await _admin.GetFromJsonAsync<BehaviourDto>("/api/payments/behaviour"))!.FailureRate);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Without_a_configured_admin_key_behaviour_is_closed_in_every_environment(string environment)
    {
        using var host = new PaymentsApp(fixture.ConnectionString, environment, adminKey: null);

        using var response = await host.CreateAdminClient().GetAsync("/api/payments/behaviour");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
