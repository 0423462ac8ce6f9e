namespace Reference.Load.Scenarios;

/// <summary>A named set of weighted steps against one base address, with an optional init that runs
/// once before the load starts (e.g. to learn products and prices from the catalog).</summary>
public sealed record Scenario(string Name, Uri BaseAddress, IReadOnlyList<Step> Steps)
{
    /// <summary>Runs once before the first request, with the same client the load uses.</summary>
    public Func<HttpClient, CancellationToken, Task>? Init { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("scenario name must not be empty.");
        if (!BaseAddress.IsAbsoluteUri) throw new ArgumentException($"scenario '{Name}': base address must be absolute, got '{BaseAddress}'.");
        if (Steps.Count == 0) throw new ArgumentException($"scenario '{Name}' has no steps.");
        var duplicate = Steps.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"scenario '{Name}': step name '{duplicate.Key}' is used twice.");
        foreach (var step in Steps)
            if (step.Weight <= 0 || double.IsNaN(step.Weight))
                throw new ArgumentException($"scenario '{Name}': step '{step.Name}' needs a positive weight, got {step.Weight}.");
    }
}
