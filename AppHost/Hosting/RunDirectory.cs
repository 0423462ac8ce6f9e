using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// Where this run keeps Postgres and Redis data: a fresh temporary directory deleted when the AppHost
/// stops, or the directory given with <c>--data-dir DIR</c> (config <c>data-dir</c>), which is kept.
/// </summary>
public sealed class RunDirectory
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, RunDirectory> PerBuilder = [];

    private RunDirectory(string root, bool keep)
    {
        Root = root;
        Keep = keep;
    }

    public string Root { get; }

    /// <summary>True when the person chose the directory: it outlives the run.</summary>
    public bool Keep { get; }

    /// <summary>The data directory of one resource, e.g. <c>&lt;root&gt;/postgres</c>.</summary>
    public string For(string resourceName) => Path.Combine(Root, resourceName);

    public static RunDirectory Of(IDistributedApplicationBuilder builder) => PerBuilder.GetValue(builder, Create);

    private static RunDirectory Create(IDistributedApplicationBuilder builder)
    {
        var chosen = builder.Configuration["data-dir"];
        var run = chosen is { Length: > 0 }
            ? new RunDirectory(Path.GetFullPath(chosen), keep: true)
            : new RunDirectory(Directory.CreateTempSubdirectory("reference-").FullName, keep: false);
        Directory.CreateDirectory(run.Root);
        FileModes.Traversable(run.Root);

        if (!run.Keep)
        {
            // After every hosted service has stopped (DCP waits for its processes), nothing holds a file in
            // here. A start-up that fails never reaches ApplicationStopped: process exit is the fallback.
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => TryDelete(run.Root));
                return Task.CompletedTask;
            });
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(run.Root);
        }
        return run;
    }

    private static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* a temp dir left behind is not worth failing a shutdown */ }
        catch (UnauthorizedAccessException) { }
    }
}
