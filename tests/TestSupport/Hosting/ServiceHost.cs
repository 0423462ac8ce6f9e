using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Reference.Testing.Hosting;

/// <summary>
/// A real service (its own Program.cs, unchanged) on real Kestrel on a free loopback port, with
/// configuration given as settings — exactly the keys the AppHost sets as environment variables — and the
/// test buyer-token key (<see cref="TestBuyers"/>) unless the settings give another.
/// <typeparamref name="TEntryPoint"/> is any public type of the service's assembly.
/// </summary>
public sealed class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private ServiceHost(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(0);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static ServiceHost<TEntryPoint> Start(IReadOnlyDictionary<string, string?> settings)
    {
        var host = new ServiceHost<TEntryPoint>(settings);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return host;
    }

    /// <summary>A plain HttpClient over loopback TCP (not the in-memory test handler).</summary>
    public HttpClient CreateLoopbackClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Shutdown:NotReadyDelay", "00:00:00");
        builder.UseSetting(TestBuyers.SigningKeySetting, TestBuyers.SigningKey);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
