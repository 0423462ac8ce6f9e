namespace Reference.Chaos.Experiments.Reports;

/// <summary>Where reports go: <c>artifacts/</c> at the repository root, found from wherever the code runs.</summary>
public static class ArtifactPaths
{
    public static string RepositoryRoot { get; } = Find(AppContext.BaseDirectory) ?? Find(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;

    public static string ChaosDirectory(string experiment) => Path.Combine(RepositoryRoot, "artifacts", "chaos", experiment);

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        return null;
    }
}
