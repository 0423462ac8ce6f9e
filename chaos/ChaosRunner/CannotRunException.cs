namespace Reference.Chaos.Runner;

/// <summary>The experiment could not even start (no system, bad arguments): exit code 2 with this message.</summary>
public sealed class CannotRunException(string message) : Exception(message);
