namespace Reference.Load.Stats;

/// <summary>How one request ended. Shed responses (429/503) are their own outcome, not errors: under
/// overload, answering "not now" fast is the system doing its job.</summary>
public enum Outcome
{
    /// <summary>1xx-3xx.</summary>
    Ok,
    /// <summary>4xx other than 429: counts as available (the SLOs are "non-5xx"), reported apart.</summary>
    ClientError,
    /// <summary>5xx other than 503.</summary>
    ServerError,
    /// <summary>429 or 503: load shedding.</summary>
    Shed,
    /// <summary>No answer within the request timeout.</summary>
    Timeout,
    /// <summary>Connection refused or reset, or another transport failure.</summary>
    TransportError,
    /// <summary>A success status whose body the step could not read (e.g. an order without an id).</summary>
    InvalidResponse,
    /// <summary>Not sent because the harness's in-flight limit was reached (the client is the bottleneck).</summary>
    NotSent,
}

public static class Outcomes
{
    public static Outcome Classify(int statusCode) => statusCode switch
    {
        429 or 503 => Outcome.Shed,
        >= 500 => Outcome.ServerError,
        >= 400 => Outcome.ClientError,
        _ => Outcome.Ok,
    };

    /// <summary>True for outcomes that spend availability error budget.</summary>
    public static bool IsError(this Outcome outcome) =>
        outcome is Outcome.ServerError or Outcome.Timeout or Outcome.TransportError or Outcome.InvalidResponse or Outcome.NotSent;

    /// <summary>The label used in status-code tables: the code, or the failure kind when there is none.</summary>
    public static string Label(Outcome outcome, int statusCode) => outcome switch
    {
        Outcome.Timeout => "timeout",
        Outcome.TransportError => "transport",
        Outcome.NotSent => "not-sent",
        Outcome.InvalidResponse => $"{statusCode}-invalid",
        _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
