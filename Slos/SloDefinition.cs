using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reference.Slos;

/// <summary>
/// The system's service level objectives, loaded from the embedded <c>slos.json</c>: the single
/// definition the gateway's journey tags, the load gates, the Prometheus rules and the docs all read,
/// so they can never disagree.
/// </summary>
public sealed record SloDefinition(string Service, int WindowDays, SliSource Sli, IReadOnlyList<Journey> Journeys, AlertPolicy AlertPolicy)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<SloDefinition> Embedded = new(LoadEmbedded);

    /// <summary>The definition compiled into this assembly from <c>Slos/slos.json</c>.</summary>
    public static SloDefinition Current => Embedded.Value;

    [JsonIgnore] public IReadOnlyList<BurnRateAlert> BurnRateAlerts => AlertPolicy.BurnRateAlerts;

    /// <summary>The SLO period as a Prometheus window, e.g. <c>30d</c>.</summary>
    [JsonIgnore] public string Period => $"{WindowDays}d";

    /// <summary>Every window an alert reads (5m … 3d), shortest first: each gets its own recording rule.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AlertWindows => [.. BurnRateAlerts
        .SelectMany(a => new[] { a.ShortWindow, a.LongWindow })
        .Distinct()
        .OrderBy(BurnRateAlert.ParseWindow)];

    /// <summary>Every objective of every journey (availability and latency), in definition order.</summary>
    [JsonIgnore] public IReadOnlyList<Objective> Objectives => [.. Journeys.SelectMany(j => j.Objectives)];

    public Journey Journey(string name) =>
        Journeys.FirstOrDefault(j => j.Name == name)
        ?? throw new KeyNotFoundException($"No SLO journey named '{name}'. Known: {string.Join(", ", Journeys.Select(j => j.Name))}.");

    /// <summary>The journey a gateway request belongs to, or null when no SLO covers it (health, static pages).</summary>
    public Journey? Classify(string method, string path) =>
        Journeys.FirstOrDefault(j => j.Requests.Any(r => r.Matches(method, path)));

    public static SloDefinition Parse(string json)
    {
        var definition = JsonSerializer.Deserialize<SloDefinition>(json, JsonOptions)
            ?? throw new InvalidDataException("The SLO definition is empty.");
        definition.Validate();
        return definition;
    }

    private static SloDefinition LoadEmbedded()
    {
        using var stream = typeof(SloDefinition).Assembly.GetManifestResourceStream("slos.json")
            ?? throw new InvalidOperationException("slos.json is not embedded in the Slos assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private void Validate()
    {
        if (WindowDays <= 0) throw new InvalidDataException("windowDays must be positive.");
        if (Journeys is null || Journeys.Count == 0) throw new InvalidDataException("journeys must list at least one journey.");
        foreach (var journey in Journeys)
        {
            if (journey.Availability is <= 0 or >= 1)
                throw new InvalidDataException($"journeys[{journey.Name}].availability must be between 0 and 1 (exclusive).");
            if (journey.Latency.ThresholdMs <= 0 || journey.Latency.Target is <= 0 or >= 1)
                throw new InvalidDataException($"journeys[{journey.Name}].latency needs thresholdMs > 0 and 0 < target < 1.");
        }
        if (string.IsNullOrWhiteSpace(Service)) throw new InvalidDataException("service must name the system (the sloth_service label).");
        if (Sli is null || string.IsNullOrWhiteSpace(Sli.Metric) || string.IsNullOrWhiteSpace(Sli.JourneyLabel))
            throw new InvalidDataException("sli must name the histogram (metric) and its journey label.");
        if (AlertPolicy?.BurnRateAlerts is null) throw new InvalidDataException("alertPolicy must list burnRateAlerts.");
        AlertPolicy.Validate(Objectives);
    }
}

/// <summary>A user journey at the gateway with its availability and latency objectives.</summary>
public sealed record Journey(string Name, string Description, IReadOnlyList<RequestMatch> Requests, double Availability, LatencyObjective Latency)
{
    /// <summary>The fraction of requests allowed to fail over the window (1 - availability).</summary>
    [JsonIgnore]
    public double ErrorBudget => 1 - Availability;

    /// <summary>Its two objectives: non-5xx share, and share faster than the latency threshold.</summary>
    [JsonIgnore]
    public IReadOnlyList<Objective> Objectives =>
    [
        new(this, Objective.AvailabilitySli, Availability),
        new(this, Objective.LatencySli, Latency.Target),
    ];
}

public sealed record RequestMatch(IReadOnlyList<string> Methods, string PathPrefix)
{
    public bool Matches(string method, string path) =>
        path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase)
        && Methods.Contains(method, StringComparer.OrdinalIgnoreCase);
}

/// <summary>"Target" of requests complete within "ThresholdMs" (e.g. 99 % under 200 ms).</summary>
public sealed record LatencyObjective(double ThresholdMs, double Target);

/// <summary>Where the SLIs come from: a request-duration histogram with a journey label (the gateway's).</summary>
public sealed record SliSource(string Metric, string Selector, string JourneyLabel, string StatusLabel, string ErrorStatusRegex);

/// <summary>A multi-window burn-rate alert (SRE workbook, chapter 5).</summary>
public sealed record BurnRateAlert(string Name, string Severity, double BurnRate, string LongWindow, string ShortWindow, string Runbook)
{
    [JsonIgnore] public TimeSpan Long => ParseWindow(LongWindow);
    [JsonIgnore] public TimeSpan Short => ParseWindow(ShortWindow);

    /// <summary>Parses "5m", "1h", "3d".</summary>
    public static TimeSpan ParseWindow(string window)
    {
        if (window.Length < 2 || !int.TryParse(window[..^1], out var n) || n <= 0)
            throw new FormatException($"'{window}' is not a window like 5m, 1h or 3d.");
        return window[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new FormatException($"'{window}' is not a window like 5m, 1h or 3d."),
        };
    }
}
