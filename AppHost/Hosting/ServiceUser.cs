namespace Aspire.Hosting;

/// <summary>
/// Postgres refuses to run as root. When the AppHost is root, database processes run as the
/// <c>postgres</c> user through <c>setpriv</c>, which execs the server: DCP owns the server's pid,
/// not a wrapper's, so a stop or a kill reaches the server itself.
/// </summary>
internal static class ServiceUser
{
    public const string Name = "postgres";

    public static bool AppHostIsRoot => Environment.UserName == "root";

    /// <summary>The command and leading arguments that run <paramref name="program"/> as <see cref="Name"/> when we are root.</summary>
    public static (string Command, string[] Prefix) Wrap(string program) => AppHostIsRoot
        ? ("setpriv", ["--reuid=" + Name, "--regid=" + Name, "--init-groups", program])
        : (program, []);

    /// <summary>Gives the service user a directory it must write to.</summary>
    public static async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        if (!AppHostIsRoot) return;
        await ProcessRunner.RunAsync("chown", ["-R", $"{Name}:{Name}", path], stdin: null, cancellationToken);
    }
}
