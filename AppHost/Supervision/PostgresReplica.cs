using Reference.AppHost.Model;
using Reference.AppHost.Processes;

namespace Reference.AppHost.Supervision;

/// <summary>The Postgres server: initdb once, then the postmaster on a fixed port and data directory, restartable. Creates its databases before it counts as Running.</summary>
internal sealed class PostgresReplica(SupervisedResource resource, RunContext context, int port) : Replica(resource, 0, context)
{
    private PostgresServer? _server;

    public int Port => port;

    public string ConnectionString(string database) =>
        (_server ?? throw new InvalidOperationException($"{Resource.Name} has not started yet.")).ConnectionString(database);

    private string? DataDirectory => Context.Options.DataDirectory is { } root ? Path.Combine(root, Resource.Name) : null;

    private protected override async Task<ManagedProcess> LaunchAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            _server = await PostgresServer.StartAsync(new PostgresServerOptions
            {
                Port = port,
                RootDirectory = DataDirectory,
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

    private protected override async Task OnHealthyAsync(CancellationToken cancellationToken)
    {
        foreach (var database in ((PostgresResource)Resource.Declaration).Databases)
        {
            await _server!.CreateDatabaseAsync(database.DatabaseName, cancellationToken);
        }
    }

    /// <summary>SIGINT: Postgres' fast shutdown.</summary>
    private protected override Task StopProcessAsync(ManagedProcess process) => _server!.StopAsync();

    private protected override async ValueTask ReleaseAsync()
    {
        if (_server is null) return;
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
