using Reference.AppHost.Hosting;

namespace Reference.AppHost;

/// <summary>
/// The entry points. <see cref="CreateBuilder(string[])"/> for the exe (Aspire's
/// <c>DistributedApplication.CreateBuilder</c>); <see cref="StartAsync"/> for tests, in the spirit of
/// Aspire.Hosting.Testing: the whole system (<see cref="SystemModel"/>) on free ports, torn down on dispose.
/// </summary>
public static class ReferenceApp
{
    /// <summary>Reads the command line (see <see cref="CommandLine.Usage"/>); a bad option prints usage and exits with code 2.</summary>
    public static ReferenceAppBuilder CreateBuilder(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.WriteLine(CommandLine.Usage);
            Environment.Exit(0);
        }
        try
        {
            return new ReferenceAppBuilder(CommandLine.Parse(args)) { FromCommandLine = true };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"apphost: {ex.Message}\n{CommandLine.Usage}");
            Environment.Exit(2);
            throw; // unreachable
        }
    }

    public static ReferenceAppBuilder CreateBuilder(ReferenceAppOptions options) => new(options);

    /// <summary>
    /// Starts the system declared by <see cref="SystemModel.Declare"/> and returns once every resource is
    /// Running. Defaults suit tests: free ports everywhere (gateway and dashboard too), no console echo.
    /// </summary>
    public static async Task<ReferenceApplication> StartAsync(ReferenceAppOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = CreateBuilder(options ?? new ReferenceAppOptions());
        SystemModel.Declare(builder);
        var app = builder.Build();
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
