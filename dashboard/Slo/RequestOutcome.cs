namespace Reference.Dashboard.Slo;

/// <summary>One request at the gateway, reduced to what the SLIs need.</summary>
public readonly record struct RequestOutcome(DateTime Time, string Method, string Path, int StatusCode, double DurationMs)
{
    /// <summary>Availability counts a request bad only when the server failed it (5xx); 4xx is the caller's problem.</summary>
    public bool IsServerError => StatusCode >= 500;
}
