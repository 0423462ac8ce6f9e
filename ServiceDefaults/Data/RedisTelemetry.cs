using System.Diagnostics;
using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace Reference.ServiceDefaults;

/// <summary>
/// Spans and a duration histogram around Redis calls. The OpenTelemetry StackExchange.Redis
/// instrumentation is not served here, so services wrap each call: <c>db.TracedAsync("GET", d => d.StringGetAsync(key))</c>.
/// Attribute names follow the OpenTelemetry database semantic conventions.
/// </summary>
public static class RedisTelemetry
{
    public const string ActivitySourceName = "Reference.Redis";
    public const string MeterName = "Reference.Redis";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "db.client.operation.duration", unit: "s", description: "Duration of Redis commands.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    public static async Task<T> TracedAsync<T>(this IDatabase database, string operation, Func<IDatabase, Task<T>> call)
    {
        using var activity = Source.StartActivity($"redis {operation}", ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", operation);
        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            return await call(database);
        }
        catch (Exception ex)
        {
            errorType = ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            throw;
        }
        finally
        {
            var tags = new TagList { { "db.system.name", "redis" }, { "db.operation.name", operation } };
            if (errorType is not null) tags.Add("error.type", errorType);
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public static async Task TracedAsync(this IDatabase database, string operation, Func<IDatabase, Task> call) =>
        await database.TracedAsync(operation, async d => { await call(d); return true; });
}
