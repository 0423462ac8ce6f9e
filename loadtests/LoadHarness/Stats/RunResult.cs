using Reference.Load.Scenarios;

namespace Reference.Load.Stats;

/// <summary>Everything one load run measured.</summary>
public sealed class RunResult
{
    public required string Scenario { get; init; }
    public required string Target { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public TimeSpan Duration { get; init; }
    public required MachineInfo Machine { get; init; }
    /// <summary>Simulations as configured, in order (for the report).</summary>
    public required IReadOnlyList<string> Simulations { get; init; }
    public required IReadOnlyList<PhaseResult> Phases { get; init; }
    /// <summary>The whole run as one phase.</summary>
    public required PhaseResult Overall { get; init; }
    public required IReadOnlyList<SecondStats> Seconds { get; init; }
    /// <summary>Checkouts the system acknowledged, with the idempotency key we sent (for reconciliation).</summary>
    public required IReadOnlyList<AcknowledgedOrder> AcknowledgedOrders { get; init; }
    /// <summary>Every idempotency key a checkout sent, whatever the answer (timeouts included).</summary>
    public required IReadOnlyList<string> SentIdempotencyKeys { get; init; }
    /// <summary>The first failed or shed requests (at most a few hundred), each with its trace id.</summary>
    public IReadOnlyList<FailedRequest> FailedRequests { get; init; } = [];

    public PhaseResult Phase(string name) =>
        Phases.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"No phase named '{name}'. Phases: {string.Join(", ", Phases.Select(p => p.Name))}.");
}
