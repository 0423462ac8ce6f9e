using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Reference.ServiceDefaults.Tests.Chaos;

/// <summary>
/// Two real Kestrel hosts on loopback: a downstream <c>payments</c> that answers 200, and a caller with the
/// service defaults whose <c>/call</c> calls it through an HttpClient (<c>http://payments</c>, service
/// discovery, the standard resilience handler and, when enabled, chaos). Spans are kept in memory.
/// </summary>
internal sealed class ChaosHosts : IAsyncDisposable
{
    public const string AdminKey = "chaos-test-key";

    private ChaosHosts(WebApplication downstream, WebApplication caller, List<Activity> spans)
    {
        Downstream = downstream;
        Caller = caller;
        Spans = spans;
        Client = new HttpClient { BaseAddress = new Uri(caller.Urls.Single()) };
        Admin = new HttpClient { BaseAddress = new Uri(caller.Urls.Single()) };
        Admin.DefaultRequestHeaders.Add(AdminKeyFilter.HeaderName, AdminKey);
    }

    public WebApplication Downstream { get; }
    public WebApplication Caller { get; }
    public List<Activity> Spans { get; }
    public HttpClient Client { get; }
    public HttpClient Admin { get; }

    /// <summary>Calls downstream once through the caller's pipeline; answers the status it got, or 502 when the call threw.</summary>
    public Task<HttpResponseMessage> CallAsync() => Client.GetAsync("/call");

    public static async Task<ChaosHosts> StartAsync(bool chaosEnabled = true, string environment = "Testing", string? adminKey = AdminKey,
        params (string Key, string? Value)[] settings)
    {
        var downstreamBuilder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        downstreamBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        var downstream = downstreamBuilder.Build();
        downstream.MapGet("/ok", () => "ok");
        await downstream.StartAsync();

        var spans = new List<Activity>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = TestApp.ApplicationName, EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chaos:Enabled"] = chaosEnabled ? "true" : "false",
            ["Admin:ApiKey"] = adminKey,
            ["services:payments:http:0"] = downstream.Urls.Single(),
            // One retry at once (Polly's least): a call is one or two attempts through the chaos strategies.
            ["HttpClientResilience:Retry:MaxRetryAttempts"] = "1",
            ["HttpClientResilience:Retry:Delay"] = "00:00:00",
            ["HttpClientResilience:AttemptTimeout:Timeout"] = "00:00:10",
            ["HttpClientResilience:TotalRequestTimeout:Timeout"] = "00:00:30",
            ["HttpClientResilience:CircuitBreaker:SamplingDuration"] = "00:00:20",
            ["HttpClientResilience:CircuitBreaker:MinimumThroughput"] = "1000",
        }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));
        builder.Services.AddHttpClient("payments", c => c.BaseAddress = new Uri("http://payments"));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        builder.AddServiceDefaults();
        var caller = builder.Build();
        caller.MapDefaultEndpoints();
        caller.MapGet("/call", async (IHttpClientFactory factory) =>
        {
            try
            {
                using var response = await factory.CreateClient("payments").GetAsync("/ok");
                return Results.StatusCode((int)response.StatusCode);
            }
            catch (HttpRequestException)
            {
                return Results.StatusCode(StatusCodes.Status502BadGateway);
            }
        });
        await caller.StartAsync();
        return new ChaosHosts(downstream, caller, spans);
    }

    public static StringContent Json(string json) => new(json, new MediaTypeHeaderValue("application/json"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Caller.DisposeAsync();
        await Downstream.DisposeAsync();
    }
}
