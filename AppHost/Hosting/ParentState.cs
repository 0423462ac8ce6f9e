using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// Gives the children of an executable resource (a server's databases) the server's state, as Aspire does
/// for a container's children: a database is Running while its server runs, and its own health check says more.
/// </summary>
internal static class ParentState
{
    public static void Mirror(IResource parent, IServiceProvider services)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var model = services.GetRequiredService<DistributedApplicationModel>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var children = model.Resources.OfType<IResourceWithParent>().Where(r => r.Parent == parent).ToList();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(stopping))
                {
                    if (update.Resource != parent || update.Snapshot.State is not { } state) continue;
                    foreach (var child in children)
                    {
                        await notifications.PublishUpdateAsync(child, snapshot => snapshot with
                        {
                            State = state,
                            StartTimeStamp = update.Snapshot.StartTimeStamp,
                            StopTimeStamp = update.Snapshot.StopTimeStamp,
                        });
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);
    }
}
