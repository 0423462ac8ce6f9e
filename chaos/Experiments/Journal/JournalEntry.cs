namespace Reference.Chaos.Experiments.Journal;

/// <summary>One thing the runner did, with when (seconds since the experiment started) and how it went.</summary>
/// <param name="Kind">probe, action, rollback, check, safeguard or load.</param>
/// <param name="Part">steady-state-before, method, rollbacks, steady-state-after, afterwards.</param>
public sealed record JournalEntry(string Kind, string Part, string Name, double Start, double End, bool Succeeded, string Output);
