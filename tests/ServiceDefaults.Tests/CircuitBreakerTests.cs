using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.CircuitBreaker;

namespace Reference.ServiceDefaults.Tests;

/// <summary>
/// The default HttpClient's breaker opens for a dependency that fails, not for a replica that is gone:
/// refused connections are retried (on the next replica, through discovery) and never open it.
/// </summary>
public sealed class CircuitBreakerTests
{
    /// <summary>More attempts than the standard breaker's minimum throughput (100 in its sampling window), all failing.</summary>
    private const int Calls = 60;

    [Fact]
    public async Task Refused_connections_never_open_the_breaker()
    {
        using var host = ClientHost();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("dependency");
        var target = new Uri($"http://127.0.0.1:{TestApp.ClosedPort()}/");

        var outcomes = new List<Type>();
        for (var i = 0; i < Calls; i++) outcomes.Add(await FailureOf(client, target));

        Assert.DoesNotContain(typeof(BrokenCircuitException), outcomes);
        Assert.All(outcomes, o => Assert.Equal(typeof(HttpRequestException), o));
    }

    [Fact]
    public async Task Server_errors_still_open_the_breaker()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = builder.Build();
        server.MapGet("/", () => Results.StatusCode(500));
        await server.StartAsync();
        using var host = ClientHost();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("dependency");
        var target = new Uri(server.Urls.Single() + "/");

        var outcomes = new List<Type>();
        for (var i = 0; i < Calls; i++) outcomes.Add(await FailureOf(client, target));

        Assert.Contains(typeof(BrokenCircuitException), outcomes);
    }

    private static IHost ClientHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        // Short delays so the test is quick; the breaker's thresholds stay the standard ones.
        builder.Configuration["HttpClientResilience:Retry:Delay"] = "00:00:00.001";
        builder.Configuration["HttpClientResilience:Retry:UseJitter"] = "false";
        builder.AddServiceDefaults();
        return builder.Build();
    }

    /// <summary>What a call ended in: the exception's type, or HttpResponseMessage for an answer.</summary>
    private static async Task<Type> FailureOf(HttpClient client, Uri target)
    {
        try
        {
            using var response = await client.GetAsync(target);
            return response.IsSuccessStatusCode ? typeof(HttpResponseMessage) : typeof(HttpRequestException);
        }
        catch (Exception ex)
        {
            return ex.GetType();
        }
    }
}
