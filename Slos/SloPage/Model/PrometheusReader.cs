using System.Globalization;
using System.Text.Json;

namespace Reference.SloPage;

/// <summary>One sample of an instant query: its labels and value.</summary>
public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}

/// <summary>One series of a range query: its labels and its points in time order.</summary>
public sealed record Series(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(DateTimeOffset At, double Value)> Points)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}

/// <summary>A firing (or pending) alert as Prometheus's <c>/api/v1/alerts</c> lists it.</summary>
public sealed record FiringAlert(string Name, string State, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";

    public string Annotation(string name) => Annotations.TryGetValue(name, out var value) ? value : "";
}

/// <summary>Reads Prometheus's HTTP API: instant and range queries, and the alerts list.</summary>
public sealed class PrometheusReader(HttpClient http)
{
    public Uri? BaseAddress => http.BaseAddress;

    public async Task<IReadOnlyList<Sample>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        var data = await GetDataAsync("api/v1/query?query=" + Uri.EscapeDataString(promql), cancellationToken);
        return [.. data.GetProperty("result").EnumerateArray().Select(r => new Sample(
            Strings(r.GetProperty("metric")),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    public async Task<IReadOnlyList<Series>> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step,
        CancellationToken cancellationToken)
    {
        var data = await GetDataAsync(FormattableString.Invariant(
            $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds()}&step={step.TotalSeconds}"),
            cancellationToken);
        return [.. data.GetProperty("result").EnumerateArray().Select(r => new Series(
            Strings(r.GetProperty("metric")),
            [.. r.GetProperty("values").EnumerateArray().Select(v => (
                DateTimeOffset.FromUnixTimeMilliseconds((long)(v[0].GetDouble() * 1000)),
                double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))]))];
    }

    public async Task<IReadOnlyList<FiringAlert>> AlertsAsync(CancellationToken cancellationToken)
    {
        var data = await GetDataAsync("api/v1/alerts", cancellationToken);
        return [.. data.GetProperty("alerts").EnumerateArray().Select(a =>
        {
            var labels = Strings(a.GetProperty("labels"));
            return new FiringAlert(labels.GetValueOrDefault("alertname", ""), a.GetProperty("state").GetString() ?? "", labels, Strings(a.GetProperty("annotations")));
        })];
    }

    private async Task<JsonElement> GetDataAsync(string path, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(path, cancellationToken));
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"Prometheus answered {root}");
        return root.GetProperty("data").Clone();
    }

    private static Dictionary<string, string> Strings(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
}

public static class PrometheusReaderExtensions
{
    /// <summary>Prometheus's base URL from <c>Prometheus:Url</c> (the AppHost sets <c>Prometheus__Url</c>).</summary>
    public static IHostApplicationBuilder AddPrometheusReader(this IHostApplicationBuilder builder)
    {
        var url = builder.Configuration["Prometheus:Url"]
            ?? throw new InvalidOperationException("Prometheus:Url is not set: the SLO page reads everything from Prometheus.");
        builder.Services.AddHttpClient<PrometheusReader>(http =>
        {
            http.BaseAddress = new Uri(url.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(5);
        });
        return builder;
    }
}
