namespace Reference.Chaos.FaultProxy.Model;

/// <summary>The body of <c>PUT /lease</c>: a controller saying "I am still here" for the next ttlSeconds.</summary>
public sealed record LeaseRequest(string? Holder, double? TtlSeconds);

/// <summary>A lease as the control API shows it.</summary>
public sealed record Lease(string Holder, double TtlSeconds, DateTimeOffset ExpiresAt);
