namespace Reference.Payments.Model;

/// <summary>What a merchant asks for. Nullable so that a missing field is a 400 naming it, not a default value.</summary>
public sealed record PaymentRequest(Guid? OrderId, decimal? Amount, string? IdempotencyKey);

/// <summary>The provider's answer; the same key always gets the same answer.</summary>
public sealed record PaymentResult(Guid PaymentId, string Status);

public static class PaymentStatus
{
    public const string Authorised = "Authorised";
    public const string Declined = "Declined";
}

/// <summary>How badly the provider behaves right now.</summary>
/// <param name="LatencyMs">Added to every payment call (0 = none).</param>
/// <param name="FailureRate">Share of payment calls that fail with 500/503, 0.0 to 1.0.</param>
public sealed record ProviderBehaviour(int LatencyMs, double FailureRate)
{
    public const int MaxLatencyMs = 60_000;
}
