namespace Reference.ServiceDefaults;

/// <summary>
/// A data client without a connection string fails at start, naming the variable to set. Aspire's own
/// message names the configuration key, and the Redis client only fails when first resolved.
/// </summary>
internal static class ConnectionStrings
{
    public static string Require(string? connectionString, string connectionName) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Set the environment variable ConnectionStrings__{connectionName} (the AppHost does this).")
            : connectionString;
}
