using Npgsql;

namespace Reference.Chaos.Experiments.Running;

/// <summary>
/// The data probes read the database straight from the server, never through its fault proxy: a probe
/// must see the data as it is, not the fault (and a pooled connection the proxy reset would fail it).
/// </summary>
public static class DirectConnection
{
    public static string To(string connectionString, string host, int port) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = host, Port = port }.ConnectionString;
}
