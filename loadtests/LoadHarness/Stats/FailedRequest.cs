namespace Reference.Load.Stats;

/// <summary>
/// One request that spent error budget or was shed, with the W3C trace id it was sent with: paste
/// <see cref="TraceId"/> into the Aspire dashboard's Traces search to see where it failed.
/// </summary>
/// <param name="Second">The second of the run it was due in.</param>
/// <param name="Status">The status code, or the failure kind when there was no answer (timeout, transport).</param>
/// <param name="Said">The start of the answer's body (a problem's title says whether the gateway shed it or a service refused it).</param>
public sealed record FailedRequest(int Second, string Phase, string Step, string Status, double LatencyMs, string TraceId, string? Said = null);
