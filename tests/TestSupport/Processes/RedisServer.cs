using System.Net.Sockets;
using System.Text;

namespace Reference.Testing.Processes;

public sealed record RedisServerOptions
{
    public string Executable { get; init; } = Environment.GetEnvironmentVariable("REFERENCE_REDIS_SERVER") ?? "redis-server";

    /// <summary>0 asks the OS for a free port.</summary>
    public int Port { get; init; }

    /// <summary>Where the append-only file lives; a fresh temporary directory (deleted on dispose) when null.</summary>
    public string? DataDirectory { get; init; }

    public string Name { get; init; } = "redis";
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public Action<ManagedProcess, LogLine>? OnLogLine { get; init; }
    public LogBuffer? Logs { get; init; }
}

/// <summary>
/// A real Redis server on loopback with AOF on (fsync every second), so acknowledged writes older
/// than a second survive a kill and a restart on the same directory and port.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly RedisServerOptions _options;
    private readonly bool _ownsDirectory;

    private RedisServer(RedisServerOptions options, string directory, bool ownsDirectory, int port)
    {
        _options = options;
        DataDirectory = directory;
        _ownsDirectory = ownsDirectory;
        Port = port;
        Logs = options.Logs ?? new LogBuffer();
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public LogBuffer Logs { get; }
    public ManagedProcess? Process { get; private set; }
    public bool IsRunning => Process is { HasExited: false };

    /// <summary>The StackExchange.Redis connection string, as Aspire sets <c>ConnectionStrings__cache</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var chosen = options ?? new RedisServerOptions();
        return await FreePort.StartOnAsync(chosen.Port, port => StartOnAsync(chosen, port, cancellationToken));
    }

    private static async Task<RedisServer> StartOnAsync(RedisServerOptions options, int port, CancellationToken cancellationToken)
    {
        var owns = options.DataDirectory is null;
        var directory = options.DataDirectory ?? Directory.CreateTempSubdirectory("reference-redis-").FullName;
        var server = new RedisServer(options, directory, owns, port);
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts redis-server on the same port and directory (again, after a stop or a kill); returns when it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) return;
        Directory.CreateDirectory(DataDirectory);
        Process = await ManagedProcess.StartAsync(_options.Name, new ProcessSpec(_options.Executable,
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", DataDirectory,
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--daemonize", "no", "--protected-mode", "yes",
        ]), _options.OnLogLine, Logs);

        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (!await IsReadyAsync(cancellationToken))
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {await Process.Exited} while starting:\n{Tail()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"redis-server was not ready on port {Port} within {_options.StartTimeout}:\n{Tail()}");
            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>SIGTERM: Redis flushes the AOF and exits.</summary>
    public async Task StopAsync()
    {
        if (Process is { } process) await process.StopAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGKILL, for experiments that mean it: whatever the AOF had not yet fsynced may be lost.</summary>
    public void Kill() => Process?.Kill();

    /// <summary>One PING over the wire protocol within a second: the AppHost's health probe.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is { } process) await process.DisposeAsync();
        if (_ownsDirectory) PostgresServer.TryDelete(DataDirectory);
    }

    private string Tail() => string.Join('\n', Logs.Tail(20).Select(l => l.Text));
}
