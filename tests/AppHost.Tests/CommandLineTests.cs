using Reference.AppHost.Hosting;
using Reference.AppHost.Supervision;

namespace Reference.AppHost.Tests;

/// <summary>./reference up's options, and what the console shows by default.</summary>
public class CommandLineTests
{
    private static string? NoEnvironment(string _) => null;

    [Fact]
    public void Up_uses_the_well_known_ports_and_echoes_by_default()
    {
        var options = CommandLine.Parse([], NoEnvironment);

        Assert.Equal(5000, options.GatewayPort);
        Assert.Equal(18888, options.DashboardPort);
        Assert.Null(options.ControlPort);
        Assert.True(options.EchoLogs);
        Assert.True(options.IncludeDashboard);
    }

    [Fact]
    public void Ports_come_from_flags_or_the_environment_and_zero_means_free()
    {
        var fromEnvironment = CommandLine.Parse([], name => name == "REFERENCE_GATEWAY_PORT" ? "5100" : null);
        var fromFlags = CommandLine.Parse(["--gateway-port", "0", "--dashboard-port", "19999", "--only", "catalog, basket", "--no-dashboard"], NoEnvironment);

        Assert.Equal(5100, fromEnvironment.GatewayPort);
        Assert.Null(fromFlags.GatewayPort);
        Assert.Equal(19999, fromFlags.DashboardPort);
        Assert.Equal(["catalog", "basket"], fromFlags.Only);
        Assert.False(fromFlags.IncludeDashboard);
    }

    [Theory]
    [InlineData("--gateway-port", "http", "--gateway-port")]
    [InlineData("--gateway-port", "70000", "--gateway-port")]
    [InlineData("--frobnicate", null, "--frobnicate")]
    [InlineData("--only", null, "--only")]
    public void Bad_options_are_named_in_the_error(string flag, string? value, string named)
    {
        string[] args = value is null ? [flag] : [flag, value];

        var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse(args, NoEnvironment));

        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("warn: Reference.Catalog.Infrastructure.DatabaseStartup[1]", true)]
    [InlineData("fail: Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService[103]", true)]
    [InlineData("info: Microsoft.Hosting.Lifetime[14]", false)]
    [InlineData("2026-11-23 15:55:27.386 UTC [21720] FATAL:  terminating connection", true)]
    [InlineData("2026-11-23 15:55:27.386 UTC [21720] LOG:  database system is ready to accept connections", false)]
    [InlineData("Unhandled exception. System.ArgumentException: boom", true)]
    public void The_console_shows_warnings_and_errors_by_default(string line, bool shown)
    {
        Assert.Equal(shown, ConsoleEcho.IsNotable(line));
    }
}
