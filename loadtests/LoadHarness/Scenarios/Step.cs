namespace Reference.Load.Scenarios;

/// <summary>
/// One kind of request in a scenario, chosen for each arrival with probability proportional to
/// <see cref="Weight"/>. Each arrival sends exactly one request, so a scenario's rate is a request rate.
/// </summary>
/// <param name="Name">Shown in reports ("browse", "checkout").</param>
/// <param name="Weight">Relative share of arrivals (70 / 20 / 10).</param>
/// <param name="CreateRequest">Builds the request; relative URIs resolve against the scenario's base address.</param>
public sealed record Step(string Name, double Weight, Func<StepContext, HttpRequestMessage> CreateRequest)
{
    /// <summary>The SLO journey this step counts toward (a name in slos.json), or null when no SLO covers it.</summary>
    public string? Journey { get; init; }

    /// <summary>Looks at a received response (after its body is read), e.g. to record an acknowledged order.
    /// An exception here marks the request as an invalid response.</summary>
    public Func<StepContext, HttpRequestMessage, HttpResponseMessage, CancellationToken, Task>? OnResponse { get; init; }
}
