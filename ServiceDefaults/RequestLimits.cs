using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults;

/// <summary>How much a client may send (<c>RequestLimits</c>), validated on start.</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>
    /// The largest request body Kestrel reads, in bytes; more is a 413 naming <c>body</c>. 64 KiB is
    /// twenty times the largest valid request (an order of 50 lines is about 3 KiB) and small enough
    /// that a flood of oversized bodies costs little memory.
    /// </summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 64 * 1024;
}

public static class RequestLimits
{
    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<RequestLimitsOptions>()
            .BindConfiguration(RequestLimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelBodyLimit>();
        return builder;
    }

    private sealed class KestrelBodyLimit(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options) => options.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes;
    }
}
