using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Reference.Dashboard.Hosting;

/// <summary>
/// The dashboard's three listeners, configured with Aspire's variable names: the UI on
/// <c>ASPNETCORE_URLS</c>, OTLP/gRPC on <c>DOTNET_DASHBOARD_OTLP_ENDPOINT_URL</c> (HTTP/2 only: cleartext
/// gRPC is h2c with prior knowledge) and OTLP/HTTP on <c>DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c>.
/// Loopback only: telemetry and the UI never leave the machine.
/// </summary>
public sealed class DashboardEndpoints
{
    public const string OtlpGrpcUrlKey = "DOTNET_DASHBOARD_OTLP_ENDPOINT_URL";
    public const string OtlpHttpUrlKey = "DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL";
    public const string DefaultUiUrl = "http://127.0.0.1:18888";
    public const string DefaultOtlpGrpcUrl = "http://127.0.0.1:18889";
    public const string DefaultOtlpHttpUrl = "http://127.0.0.1:18890";

    private ListenOptions? _ui, _grpc, _http;

    public Uri ConfiguredUi { get; }
    public Uri ConfiguredOtlpGrpc { get; }
    public Uri ConfiguredOtlpHttp { get; }

    public DashboardEndpoints(IConfiguration configuration)
    {
        // ASPNETCORE_URLS may list several addresses; the first is the UI's.
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        var ui = string.IsNullOrWhiteSpace(urls) ? DefaultUiUrl : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        ConfiguredUi = Parse("ASPNETCORE_URLS", ui);
        ConfiguredOtlpGrpc = Parse(OtlpGrpcUrlKey, configuration[OtlpGrpcUrlKey] ?? DefaultOtlpGrpcUrl);
        ConfiguredOtlpHttp = Parse(OtlpHttpUrlKey, configuration[OtlpHttpUrlKey] ?? DefaultOtlpHttpUrl);
    }

    /// <summary>The bound addresses (ports resolved when port 0 was asked for); valid once the server started.</summary>
    public Uri Ui => Bound(_ui, ConfiguredUi);
    public Uri OtlpGrpc => Bound(_grpc, ConfiguredOtlpGrpc);
    public Uri OtlpHttp => Bound(_http, ConfiguredOtlpHttp);

    public void Configure(KestrelServerOptions kestrel)
    {
        kestrel.Listen(Address(ConfiguredUi), ConfiguredUi.Port, o => { o.Protocols = HttpProtocols.Http1; _ui = o; });
        kestrel.Listen(Address(ConfiguredOtlpGrpc), ConfiguredOtlpGrpc.Port, o => { o.Protocols = HttpProtocols.Http2; _grpc = o; });
        kestrel.Listen(Address(ConfiguredOtlpHttp), ConfiguredOtlpHttp.Port, o => { o.Protocols = HttpProtocols.Http1; _http = o; });
    }

    public bool IsOtlpGrpcPort(int port) => port == OtlpGrpc.Port;
    public bool IsOtlpHttpPort(int port) => port == OtlpHttp.Port;

    private static Uri Bound(ListenOptions? options, Uri configured) =>
        options?.IPEndPoint is { Port: > 0 } endpoint ? new Uri($"{configured.Scheme}://{configured.Host}:{endpoint.Port}") : configured;

    private static IPAddress Address(Uri url) =>
        url.IsLoopback && !IPAddress.TryParse(url.Host.Trim('[', ']'), out _) ? IPAddress.Loopback : IPAddress.Parse(url.Host.Trim('[', ']'));

    private static Uri Parse(string name, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
            throw new DashboardConfigurationException($"{name} must be an http:// URL such as http://127.0.0.1:18888; got '{value}'.");
        if (!url.IsLoopback)
            throw new DashboardConfigurationException($"{name} must be a loopback address (127.0.0.1, [::1] or localhost): the dashboard never listens beyond this machine; got '{value}'.");
        return url;
    }
}

/// <summary>A setting the dashboard cannot start with; the message names the setting.</summary>
public sealed class DashboardConfigurationException(string message) : Exception(message);
