using Reference.AppHost.Processes;

namespace Reference.AppHost.Supervision;

/// <summary>The Redis server: AOF on, fixed port and directory, so a restart finds what was acknowledged.</summary>
internal sealed class RedisReplica(SupervisedResource resource, RunContext context, int port) : Replica(resource, 0, context)
{
    private RedisServer? _server;

    public int Port => port;
    public string ConnectionString => $"127.0.0.1:{port}";

    private string? DataDirectory => Context.Options.DataDirectory is { } root ? Path.Combine(root, Resource.Name) : null;

    private protected override async Task<ManagedProcess> LaunchAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            _server = await RedisServer.StartAsync(new RedisServerOptions
            {
                Port = port,
                DataDirectory = DataDirectory,
                Name = Resource.Name,
                Logs = Logs,
                OnLogLine = (_, line) => Context.Echo.Output(DisplayName, line),
            }, cancellationToken);
        }
        else
        {
            await _server.StartAsync(cancellationToken);
        }
        return _server.Process!;
    }

    private protected override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        _server?.IsReadyAsync(cancellationToken) ?? Task.FromResult(false);

    private protected override async ValueTask ReleaseAsync()
    {
        if (_server is null) return;
        await _server.DisposeAsync();
    }
}
