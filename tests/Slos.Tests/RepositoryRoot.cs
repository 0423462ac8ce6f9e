namespace Reference.Slos.Tests;

public static class RepositoryRoot
{
    /// <summary>The directory holding Reference.sln, found upward from the test's output directory.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Reference.sln not found above the test's output directory.");
    }
}
