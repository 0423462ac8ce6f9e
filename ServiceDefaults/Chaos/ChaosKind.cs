namespace Reference.ServiceDefaults;

/// <summary>The kinds of fault the in-process chaos strategies inject, as Polly's Simmy names them.</summary>
public enum ChaosKind
{
    /// <summary>The call throws the target's transport exception (Polly <c>AddChaosFault</c>).</summary>
    Fault,
    /// <summary>The call is delayed (Polly <c>AddChaosLatency</c>).</summary>
    Latency,
    /// <summary>The call is answered with an HTTP status without being made (Polly <c>AddChaosOutcome</c>).</summary>
    Outcome,
    /// <summary>The calling thread is blocked before the call (Polly <c>AddChaosBehavior</c> running <c>Thread.Sleep</c>).</summary>
    Behaviour,
}

public static class ChaosKindNames
{
    /// <summary>The lower-case name used in metrics, span events and the API.</summary>
    public static string Name(this ChaosKind kind) => kind switch
    {
        ChaosKind.Fault => "fault",
        ChaosKind.Latency => "latency",
        ChaosKind.Outcome => "outcome",
        ChaosKind.Behaviour => "behaviour",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
