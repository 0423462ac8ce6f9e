using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reference.ServiceDefaults.Tests;

/// <summary>
/// The standard resilience handler every HttpClient gets retries a failed call, but an unsafe method
/// only when it carries an Idempotency-Key: the first attempt may have taken effect even if its answer
/// was lost. Counted at a real loopback server that always answers 503.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private WebApplication _server = null!;
    private IHost _client = null!;
    private string _address = null!;

    public async Task InitializeAsync()
    {
        var server = WebApplication.CreateSlimBuilder();
        server.Logging.ClearProviders();
        server.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _server = server.Build();
        _server.Map("/{name}", (string name) =>
        {
            _attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        await _server.StartAsync();
        _address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        client.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HttpClientResilience:Retry:MaxRetryAttempts"] = "2",
            ["HttpClientResilience:Retry:Delay"] = "00:00:00.010",
            ["HttpClientResilience:Retry:BackoffType"] = "Constant",
            ["HttpClientResilience:CircuitBreaker:MinimumThroughput"] = "1000",
        });
        client.AddServiceDefaults();
        _client = client.Build();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", null, 3)]
    [InlineData("HEAD", null, 3)]
    [InlineData("POST", null, 1)]
    [InlineData("PUT", null, 1)]
    [InlineData("PATCH", null, 1)]
    [InlineData("DELETE", null, 1)]
    [InlineData("POST", "key-1", 3)]
    [InlineData("PUT", "key-2", 3)]
    public async Task Unsafe_methods_are_retried_only_with_an_idempotency_key(string method, string? idempotencyKey, int expectedAttempts)
    {
        var http = _client.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        var name = $"{method}-{idempotencyKey ?? "no-key"}";
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{_address}/{name}");
        if (idempotencyKey is not null) request.Headers.Add(Resilience.IdempotencyKeyHeader, idempotencyKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(_attempts.GetValueOrDefault(name) == expectedAttempts,
            $"{method} {(idempotencyKey is null ? "without" : "with")} a key: expected {expectedAttempts} attempt(s), the server saw {_attempts.GetValueOrDefault(name)}");
    }
}
