using System.Security.Cryptography;
using Npgsql;

namespace Reference.Testing.Processes;

public sealed record PostgresServerOptions
{
    /// <summary>Where initdb and postgres live; <c>REFERENCE_PG_BIN</c> overrides the Debian default.</summary>
    public string BinDirectory { get; init; } = Environment.GetEnvironmentVariable("REFERENCE_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    /// <summary>0 asks the OS for a free port.</summary>
    public int Port { get; init; }

    /// <summary>Parent of the data directory; a fresh temporary directory (deleted on dispose) when null.</summary>
    public string? RootDirectory { get; init; }

    public string Name { get; init; } = "postgres";
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public Action<ManagedProcess, LogLine>? OnLogLine { get; init; }
    public LogBuffer? Logs { get; init; }
}

/// <summary>
/// A real PostgreSQL 15 server from the machine's binaries: its own data directory, a loopback port,
/// a password generated for this run. Postgres refuses to run as root, so when we are root it runs
/// as the <c>postgres</c> user and owns its data directory. Can be stopped, killed and started again
/// on the same port and data (the chaos suite depends on that).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private readonly PostgresServerOptions _options;
    private readonly bool _ownsRoot;

    private PostgresServer(PostgresServerOptions options, string root, bool ownsRoot, int port, string password)
    {
        _options = options;
        _ownsRoot = ownsRoot;
        RootDirectory = root;
        Port = port;
        Password = password;
        Logs = options.Logs ?? new LogBuffer();
    }

    public string RootDirectory { get; }
    public string DataDirectory => Path.Combine(RootDirectory, "data");
    private string SocketDirectory => Path.Combine(RootDirectory, "sock");
    public int Port { get; }
    public string Password { get; }
    public LogBuffer Logs { get; }
    public ManagedProcess? Process { get; private set; }
    public bool IsRunning => Process is { HasExited: false };

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>initdb (once) and start; returns when the server answers a query.</summary>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var chosen = options ?? new PostgresServerOptions();
        return await FreePort.StartOnAsync(chosen.Port, port => StartOnAsync(chosen, port, cancellationToken));
    }

    private static async Task<PostgresServer> StartOnAsync(PostgresServerOptions options, int port, CancellationToken cancellationToken)
    {
        var ownsRoot = options.RootDirectory is null;
        var root = options.RootDirectory ?? Directory.CreateTempSubdirectory("reference-pg-").FullName;
        var server = new PostgresServer(options, root, ownsRoot, port, NewPassword());
        try
        {
            await server.InitializeAsync(cancellationToken);
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the postmaster on the existing data directory (again, after a stop or a kill).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) return;
        Process = await ManagedProcess.StartAsync(_options.Name, new ProcessSpec(Bin("postgres"),
        [
            "-D", DataDirectory, "-p", Port.ToString(), "-h", "127.0.0.1", "-k", SocketDirectory,
            // Durability against a crashed *process* comes from the OS page cache; fsync only guards
            // against a crashed *machine*, which no local run or chaos experiment simulates.
            "-c", "fsync=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=128MB",
        ]) { RunAsUser = ServiceUser }, _options.OnLogLine, Logs);

        await WaitUntilReadyAsync(cancellationToken);
    }

    /// <summary>Fast shutdown (SIGINT): rolls back open transactions, closes connections, exits cleanly.</summary>
    public async Task StopAsync()
    {
        if (Process is { } process) await process.StopAsync(TimeSpan.FromSeconds(15), Libc.SIGINT);
    }

    /// <summary>SIGKILL the postmaster, for experiments that mean it. Backends notice and exit on their own.</summary>
    public void Kill() => Process?.Kill();

    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        // Identifiers cannot be parameters; quote it and refuse anything odd.
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) throw new ArgumentException($"Database name '{name}' must be letters, digits and underscores.", nameof(name));
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True when one query round trip succeeds within a second. The AppHost's health probe.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(ConnectionString()) { Timeout = 1, CommandTimeout = 1, Pooling = false };
            await using var connection = new NpgsqlConnection(csb.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is { } process) await process.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_ownsRoot) TryDelete(RootDirectory);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(RootDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) return;

        var passwordFile = Path.Combine(RootDirectory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        if (Libc.IsRoot) await RunToCompletionAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", RootDirectory], asUser: null, cancellationToken);

        await RunToCompletionAsync(Bin("initdb"),
        [
            "-D", DataDirectory, "-U", ServiceUser, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}",
        ], ServiceUser, cancellationToken);
        File.Delete(passwordFile);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (!await IsReadyAsync(cancellationToken))
        {
            if (Process!.HasExited)
                throw new InvalidOperationException($"postgres exited with code {await Process.Exited} while starting:\n{Tail()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"postgres was not ready on port {Port} within {_options.StartTimeout}:\n{Tail()}");
            await Task.Delay(50, cancellationToken);
        }
    }

    private string Tail() => string.Join('\n', Logs.Tail(20).Select(l => l.Text));

    private string Bin(string program) => Path.Combine(_options.BinDirectory, program);

    private static async Task RunToCompletionAsync(string file, IReadOnlyList<string> arguments, string? asUser, CancellationToken cancellationToken)
    {
        await using var process = await ManagedProcess.StartAsync(Path.GetFileName(file), new ProcessSpec(file, arguments) { RunAsUser = asUser });
        var exitCode = await process.Exited.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        if (exitCode != 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed with exit code {exitCode}:\n{string.Join('\n', process.Logs.Tail(20).Select(l => l.Text))}");
    }

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    internal static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* best effort: a temp dir left behind is not worth failing a run */ }
        catch (UnauthorizedAccessException) { }
    }
}
