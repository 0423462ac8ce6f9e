using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults.Admission;

public static class AdmissionControl
{
    /// <summary>
    /// Registers adaptive admission control (<see cref="AdmissionOptions"/>). A service that knows how
    /// critical its requests are registers its own <see cref="IRequestCriticality"/>; otherwise all are equal.
    /// </summary>
    public static TBuilder AddAdmissionControl<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<AdmissionOptions>()
            .Bind(builder.Configuration.GetSection(AdmissionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AdmissionController>();
        builder.Services.AddSingleton<AdmissionMiddleware>();
        builder.Services.AddHostedService<AdmissionLoop>();
        builder.Services.TryAddSingleton<IRequestCriticality, UniformCriticality>();
        return builder;
    }
}
