using System.Diagnostics;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Trace;
using Reference.Testing;
using StackExchange.Redis;

namespace Reference.ServiceDefaults.Tests;

/// <summary>
/// Postgres and Redis calls show up in a request's trace, made by the instrumentation the Aspire clients
/// bring; a Postgres command outside any traced operation (a background poll) makes no trace of its own.
/// </summary>
public sealed class DataTracingTests(PostgresRedisFixture servers) : IClassFixture<PostgresRedisFixture>
{
    [Fact]
    public async Task Redis_commands_in_a_request_are_spans_of_its_trace()
    {
        var spans = new List<Activity>();
        var builder = TestApp.CreateBuilder(("ConnectionStrings:cache", servers.Redis.ConnectionString));
        builder.AddRedisConnection("cache");
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        await using var app = await TestApp.StartAsync(builder, a => a.MapGet("/remember", async (IConnectionMultiplexer redis) =>
        {
            await redis.GetDatabase().StringSetAsync("data-tracing:key", "value");
            return (string?)await redis.GetDatabase().StringGetAsync("data-tracing:key");
        }));
        var traceId = ActivityTraceId.CreateRandom();

        Assert.Equal("value", await Traced(app, traceId).GetStringAsync("/remember"));

        await Eventually.UntilAsync(() => RedisSpans(spans, traceId).Count >= 2, "a SET and a GET span in the request's trace");
        Assert.All(RedisSpans(spans, traceId), span => Assert.Equal(ActivityKind.Client, span.Kind));
    }

    [Fact]
    public async Task Postgres_commands_are_traced_inside_a_request_and_not_outside_one()
    {
        var spans = new List<Activity>();
        var builder = TestApp.CreateBuilder(("ConnectionStrings:db", await servers.CreateDatabaseAsync("tracing")));
        builder.AddPostgresDataSource("db");
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        var marker = Guid.NewGuid().ToString("N");
        await using var app = await TestApp.StartAsync(builder, a => a.MapGet("/query", async (NpgsqlDataSource db) =>
            (int)(await db.CreateCommand($"SELECT 1 /* inside-{marker} */").ExecuteScalarAsync())!));
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        // A background poll: no request, no parent span.
        Assert.Null(Activity.Current);
        await dataSource.CreateCommand($"SELECT 1 /* outside-{marker} */").ExecuteScalarAsync();
        var traceId = ActivityTraceId.CreateRandom();
        Assert.Equal("1", await Traced(app, traceId).GetStringAsync("/query"));

        await Eventually.UntilAsync(() => SpansMentioning(spans, $"inside-{marker}").Any(s => s.TraceId == traceId),
            "a span for the request's query in the request's trace");
        Assert.Empty(SpansMentioning(spans, $"outside-{marker}"));
    }

    /// <summary>A client whose every request continues one trace of ours (other tests' apps export to the same process).</summary>
    private static HttpClient Traced(WebApplication app, ActivityTraceId traceId)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return client;
    }

    private static List<Activity> RedisSpans(List<Activity> spans, ActivityTraceId traceId) =>
        Snapshot(spans).Where(s => s.TraceId == traceId && s.Source.Name.StartsWith("OpenTelemetry.Instrumentation.StackExchangeRedis", StringComparison.Ordinal)).ToList();

    private static List<Activity> SpansMentioning(List<Activity> spans, string text) =>
        Snapshot(spans).Where(s => s.TagObjects.Any(t => t.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true)).ToList();

    private static Activity[] Snapshot(List<Activity> spans) => spans.ToArray();
}
