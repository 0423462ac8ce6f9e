namespace Reference.Testing;

/// <summary>The checkout the tests run from (the folder with Reference.sln): artifacts, migrations and docs are read and written relative to it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Reference.sln above {AppContext.BaseDirectory}.");
    }
}
