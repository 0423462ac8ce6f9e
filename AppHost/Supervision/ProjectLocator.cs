using System.Reflection;

namespace Reference.AppHost.Supervision;

/// <summary>
/// Finds what a project resource runs: the repository root (the folder holding Reference.sln), the
/// built dll of a project in the configuration the AppHost itself was built with, and the dotnet host.
/// </summary>
internal static class ProjectLocator
{
    private const string SolutionFile = "Reference.sln";
    private const string TargetFramework = "net10.0"; // every project shares Directory.Build.props

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration embedded at build time (AssemblyMetadata "BuildConfiguration"): Debug under tests, Release under ./reference up.</summary>
    public static string BuildConfiguration { get; } =
        typeof(ProjectLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildConfiguration")?.Value ?? "Debug";

    public static string ProjectDirectory(string relative) => Path.GetFullPath(Path.Combine(RepositoryRoot, relative));

    /// <summary><c>&lt;repo&gt;/services/Catalog/bin/&lt;Configuration&gt;/net10.0/Catalog.dll</c>; fails with the build command when it is missing.</summary>
    public static string BuiltAssembly(string relativeProjectDirectory, string? configuration = null)
    {
        configuration ??= BuildConfiguration;
        var directory = ProjectDirectory(relativeProjectDirectory);
        var projects = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.csproj") : [];
        if (projects.Length != 1)
            throw new FileNotFoundException($"Expected one .csproj in {directory}, found {projects.Length}.");
        var name = Path.GetFileNameWithoutExtension(projects[0]);
        var dll = Path.Combine(directory, "bin", configuration, TargetFramework, name + ".dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} does not exist. Build it first: dotnet build AppHost/AppHost.csproj -c {configuration}", dll);
        return dll;
    }

    /// <summary>The dotnet executable that runs us (so children use the same runtime), else the one on PATH.</summary>
    public static string DotnetHost { get; } = FindDotnetHost();

    private static string FindDotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } hostPath && File.Exists(hostPath)) return hostPath;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"Could not find {SolutionFile} above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");
    }
}
