using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// Faults on the process behind a resource, as dashboard commands: Kill (SIGKILL, as a crash or the OOM
/// killer would end it; the AppHost restarts it), Pause (SIGSTOP: alive, holding its connections, answering
/// nothing) and Resume (SIGCONT). Aspire's own Stop and Start cover the polite case.
/// </summary>
public static class ProcessFaults
{
    public const string KillCommand = "chaos-kill";
    public const string PauseCommand = "chaos-pause";
    public const string ResumeCommand = "chaos-resume";

    public static IResourceBuilder<T> WithProcessFaults<T>(this IResourceBuilder<T> builder) where T : IResource =>
        builder
            .WithCommand(KillCommand, "Kill (SIGKILL)", context => SignalAsync(context, "KILL"), new CommandOptions
            {
                Description = "Chaos: end the process without warning. The AppHost restarts it with backoff.",
                ConfirmationMessage = $"SIGKILL {builder.Resource.Name}?",
                IconName = "Flash",
                UpdateState = WhileRunning,
            })
            .WithCommand(PauseCommand, "Pause (SIGSTOP)", context => SignalAsync(context, "STOP"), new CommandOptions
            {
                Description = "Chaos: freeze the process. Its port stays open; nothing answers until Resume.",
                IconName = "Pause",
                UpdateState = WhileRunning,
            })
            .WithCommand(ResumeCommand, "Resume (SIGCONT)", context => SignalAsync(context, "CONT"), new CommandOptions
            {
                Description = "Chaos: let a paused process run again.",
                IconName = "Play",
                UpdateState = WhileRunning,
            });

    private static ResourceCommandState WhileRunning(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> SignalAsync(ExecuteCommandContext context, string signal)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(context.ResourceName, out var state)
            || state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is not { } value)
        {
            return CommandResults.Failure($"{context.ResourceName} has no process.");
        }
        var pid = ServiceProcess(state.Resource, Convert.ToInt32(value));
        await ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString()], stdin: null, context.CancellationToken);
        return CommandResults.Success();
    }

    /// <summary>A project runs as <c>dotnet run</c> with the service as its child: the fault is for the service.</summary>
    private static int ServiceProcess(IResource resource, int launcher)
    {
        if (resource is not ProjectResource) return launcher;
        var children = Directory.EnumerateDirectories($"/proc/{launcher}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);
        return children.DefaultIfEmpty(launcher).First();
    }
}
