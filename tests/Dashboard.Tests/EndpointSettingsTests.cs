using Microsoft.Extensions.Configuration;
using Reference.Dashboard.Hosting;

namespace Reference.Dashboard.Tests;

/// <summary>The listeners come from Aspire's variable names, loopback only.</summary>
public sealed class EndpointSettingsTests
{
    private static DashboardEndpoints From(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Defaults_are_aspires_ports_on_127_0_0_1()
    {
        var endpoints = From();
        Assert.Equal(new Uri("http://127.0.0.1:18888"), endpoints.ConfiguredUi);
        Assert.Equal(new Uri("http://127.0.0.1:18889"), endpoints.ConfiguredOtlpGrpc);
        Assert.Equal(new Uri("http://127.0.0.1:18890"), endpoints.ConfiguredOtlpHttp);
    }

    [Fact]
    public void The_first_of_several_urls_is_the_ui_and_localhost_is_accepted()
    {
        var endpoints = From(("urls", "http://localhost:5999;http://127.0.0.1:6000"), (DashboardEndpoints.OtlpGrpcUrlKey, "http://[::1]:4317"));
        Assert.Equal(5999, endpoints.ConfiguredUi.Port);
        Assert.Equal(4317, endpoints.ConfiguredOtlpGrpc.Port);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:18888", "ASPNETCORE_URLS")]
    [InlineData(DashboardEndpoints.OtlpGrpcUrlKey, "http://10.1.2.3:4317", DashboardEndpoints.OtlpGrpcUrlKey)]
    [InlineData(DashboardEndpoints.OtlpHttpUrlKey, "https://127.0.0.1:4318", DashboardEndpoints.OtlpHttpUrlKey)]
    [InlineData(DashboardEndpoints.OtlpHttpUrlKey, "not a url", DashboardEndpoints.OtlpHttpUrlKey)]
    public void A_non_loopback_or_non_http_address_is_refused_naming_the_variable(string key, string value, string named)
    {
        var error = Assert.Throws<DashboardConfigurationException>(() => From((key, value)));
        Assert.StartsWith(named, error.Message);
    }
}
