using System.Collections.Concurrent;
using Reference.Chaos.Experiments.Model;

namespace Reference.Chaos.Experiments.Running;

/// <summary>What activities and probes get: the system, the timing, a client, and a place to leave facts for later probes.</summary>
public sealed class ExperimentContext(IChaosSystem system, ExperimentTiming timing, Experiment experiment) : IDisposable
{
    private readonly ConcurrentDictionary<string, object> _facts = new();

    public IChaosSystem System { get; } = system;
    public ExperimentTiming Timing { get; } = timing;
    public Experiment Experiment { get; } = experiment;

    /// <summary>A plain client with a short timeout (no retries: a probe reports what a client gets).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Remembers something an activity learnt (the baskets it wrote, the keys it sent) for a later probe.</summary>
    public void Remember<T>(string key, T value) where T : notnull => _facts[key] = value;

    public T Recall<T>(string key) => _facts.TryGetValue(key, out var value) && value is T typed
        ? typed
        : throw new InvalidOperationException($"Experiment {Experiment.Name}: nothing remembered as '{key}' (did the activity that records it run?).");

    public bool TryRecall<T>(string key, out T value)
    {
        if (_facts.TryGetValue(key, out var found) && found is T typed) { value = typed; return true; }
        value = default!;
        return false;
    }

    /// <summary>A request to a service with the admin key.</summary>
    public HttpRequestMessage Admin(HttpMethod method, string resource, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(System.Endpoint(resource), path)) { Content = content };
        request.Headers.Add("X-Admin-Key", System.AdminKey);
        return request;
    }

    public void Dispose() => Http.Dispose();
}
