using Npgsql;
using Reference.Testing;
using Reference.Testing.Processes;

namespace Reference.Catalog.Tests.Integration;

/// <summary>
/// Counts the statements Postgres itself received for one database (<c>log_statement = 'all'</c> on it,
/// read from the server's console): how many reads reached Postgres, not what the service says it did.
/// </summary>
public sealed class PostgresStatementLog
{
    private readonly PostgresServer _postgres;
    private readonly string _connectionString;
    private long _mark;

    private PostgresStatementLog(PostgresServer postgres, string connectionString)
    {
        _postgres = postgres;
        _connectionString = connectionString;
    }

    /// <summary>Turns statement logging on for the database; sessions opened from now on are logged.</summary>
    public static async Task<PostgresStatementLog> EnableAsync(PostgresServer postgres, string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" SET log_statement = 'all'", connection);
        await alter.ExecuteNonQueryAsync();
        return new PostgresStatementLog(postgres, connectionString);
    }

    /// <summary>Counts from here on.</summary>
    public void Mark() => _mark = _postgres.Logs.Tail(1).LastOrDefault()?.Seq ?? 0;

    /// <summary>Waits until Postgres has logged a statement containing <paramref name="text"/> since the mark.</summary>
    public Task WaitForAsync(string text, TimeSpan timeout) =>
        Eventually.UntilAsync(() => Count(text) > 0, $"Postgres to receive a statement containing '{text}'", timeout);

    /// <summary>
    /// Statements since the mark that contain <paramref name="text"/>, once every statement sent before this
    /// call is in the log: a marker query is sent last and waited for (one server, one console, in order).
    /// </summary>
    public async Task<int> CountSettledAsync(string text)
    {
        var marker = $"marker_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT '{marker}'", connection);
            await command.ExecuteScalarAsync();
        }
        await Eventually.UntilAsync(() => Count(marker) > 0, "the marker statement to reach the Postgres log", TimeSpan.FromSeconds(10));
        return Count(text);
    }

    /// <summary>"LOG:  execute &lt;unnamed&gt;: SELECT …" (extended protocol) or "LOG:  statement: SELECT …" (simple).</summary>
    private int Count(string text) => _postgres.Logs.After(_mark).Count(line =>
        line.Text.Contains(text, StringComparison.Ordinal) && (line.Text.Contains("execute ", StringComparison.Ordinal) || line.Text.Contains("statement: ", StringComparison.Ordinal)));
}
