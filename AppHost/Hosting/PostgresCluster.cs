using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>What happens to a <see cref="LocalPostgresResource"/>'s cluster around its process: initdb, password, databases.</summary>
internal static class PostgresCluster
{
    public static string DataDirectory(LocalPostgresResource postgres) => Path.Combine(postgres.DataRoot, "data");

    public static string SocketDirectory(LocalPostgresResource postgres) => Path.Combine(postgres.DataRoot, "sock");

    public static IEnumerable<string> Settings(bool fsync) =>
    [
        // Durability against a crashed machine costs a few ms a commit; tests that never crash one may skip it.
        $"fsync={(fsync ? "on" : "off")}",
        $"full_page_writes={(fsync ? "on" : "off")}",
        "max_connections=300",
        "shared_buffers=128MB",
    ];

    /// <summary>
    /// Before every start: a new cluster gets initdb with this run's password and SCRAM on every socket
    /// (no <c>trust</c>); a kept one (<c>--data-dir</c>) gets this run's password set in single-user mode.
    /// </summary>
    public static async Task PrepareAsync(LocalPostgresResource postgres, CancellationToken cancellationToken)
    {
        var data = DataDirectory(postgres);
        Directory.CreateDirectory(SocketDirectory(postgres));
        var password = await postgres.Password.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException("postgres has no password.");
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            var passwordFile = Path.Combine(postgres.DataRoot, "pwfile");
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
            FileModes.OwnerOnly(passwordFile);
            await ServiceUser.ChownAsync(postgres.DataRoot, cancellationToken);
            try
            {
                await RunAsServiceUserAsync("initdb",
                [
                    "-D", data, "-U", LocalPostgresResource.UserName, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}",
                ], stdin: null, cancellationToken);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }
        else if (!postgres.Annotations.OfType<PasswordSetAnnotation>().Any())
        {
            // Single-user mode needs no login; the password is letters and digits (special: false), nothing to escape.
            await ServiceUser.ChownAsync(postgres.DataRoot, cancellationToken);
            await RunAsServiceUserAsync("postgres", ["--single", "-D", data, "postgres"],
                stdin: $"ALTER USER {LocalPostgresResource.UserName} PASSWORD '{password}';\n", cancellationToken);
        }
        postgres.Annotations.Add(new PasswordSetAnnotation());
    }

    public static async Task CreateDatabasesAsync(string connectionString, IEnumerable<string> databases, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null) continue;
            // Identifiers cannot be parameters; AddDatabase allows only letters, digits and underscores.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Task RunAsServiceUserAsync(string program, string[] arguments, string? stdin, CancellationToken cancellationToken)
    {
        var (command, prefix) = ServiceUser.Wrap(Path.Combine(LocalPostgresBuilderExtensions.BinDirectory, program));
        return ProcessRunner.RunAsync(command, [.. prefix, .. arguments], stdin, cancellationToken);
    }

    /// <summary>Marks a cluster whose password has been set for this run (restarts skip it).</summary>
    private sealed class PasswordSetAnnotation : IResourceAnnotation;
}
