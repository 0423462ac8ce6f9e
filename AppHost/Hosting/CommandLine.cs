namespace Reference.AppHost.Hosting;

/// <summary>The AppHost's command line: <c>./reference up [--gateway-port N] [--dashboard-port N] …</c>.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: AppHost [options]
          --gateway-port N      storefront/gateway port (default 5000, env REFERENCE_GATEWAY_PORT; 0 = free)
          --dashboard-port N    dashboard UI port (default 18888, env REFERENCE_DASHBOARD_PORT; 0 = free)
          --control-port N      control API port (default: free, env REFERENCE_CONTROL_PORT)
          --only a,b,c          run only these resources and what they depend on
          --data-dir DIR        put this run's Postgres and Redis data under DIR (must be empty; kept on stop)
          --no-dashboard        leave the dashboard out
          --environment NAME    ASPNETCORE_ENVIRONMENT for the services (default Development)
          --quiet               do not echo resource output
          --verbose             echo every line of resource output, not only warnings and errors
        """;

    /// <summary>Reads the options for an interactive run (well-known ports, echo on).</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static ReferenceAppOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= System.Environment.GetEnvironmentVariable;
        var options = new ReferenceAppOptions
        {
            GatewayPort = PortOrNull(environment("REFERENCE_GATEWAY_PORT"), "REFERENCE_GATEWAY_PORT") ?? 5000,
            DashboardPort = PortOrNull(environment("REFERENCE_DASHBOARD_PORT"), "REFERENCE_DASHBOARD_PORT") ?? 18888,
            ControlPort = PortOrNull(environment("REFERENCE_CONTROL_PORT"), "REFERENCE_CONTROL_PORT"),
            EchoLogs = true,
        };

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            options = arg switch
            {
                "--gateway-port" => options with { GatewayPort = PortOrNull(Value(), arg) },
                "--dashboard-port" => options with { DashboardPort = PortOrNull(Value(), arg) },
                "--control-port" => options with { ControlPort = PortOrNull(Value(), arg) },
                "--only" => options with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--data-dir" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--no-dashboard" => options with { IncludeDashboard = false },
                "--environment" => options with { EnvironmentName = Value() },
                "--quiet" => options with { EchoLogs = false },
                "--verbose" => options with { Verbose = true },
                _ => throw new ArgumentException($"unknown option '{arg}'."),
            };
        }
        return options;
    }

    /// <summary>A port number; 0 means "any free port" and comes back as null.</summary>
    private static int? PortOrNull(string? value, string name)
    {
        if (value is null) return null;
        if (!int.TryParse(value, out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"{name} must be a port number 0..65535, not '{value}'.");
        return port == 0 ? null : port;
    }
}
