using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// This system is for practice: every project runs as Development (<c>--environment NAME</c> to choose) with
/// its chaos switches armed (<c>Chaos__Enabled</c>; /admin/chaos behind the admin key), so a person or an
/// experiment can inject faults at run time. In Production the switches stay off: the services refuse chaos there.
/// </summary>
public static class PracticeEnvironment
{
    public const string DefaultEnvironment = "Development";

    public static IDistributedApplicationBuilder WithPracticeEnvironment(this IDistributedApplicationBuilder builder)
    {
        var environment = builder.Configuration["environment"] is { Length: > 0 } chosen ? chosen : DefaultEnvironment;
        var chaos = !string.Equals(environment, "Production", StringComparison.OrdinalIgnoreCase);
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                {
                    context.EnvironmentVariables["ASPNETCORE_ENVIRONMENT"] = environment;
                    context.EnvironmentVariables["DOTNET_ENVIRONMENT"] = environment;
                    if (chaos) context.EnvironmentVariables["Chaos__Enabled"] = "true";
                }));
            }
            return Task.CompletedTask;
        });
        return builder;
    }
}
