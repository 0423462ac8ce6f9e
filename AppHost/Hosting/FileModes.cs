namespace Aspire.Hosting;

/// <summary>Unix file modes for secrets and shared directories (Windows has ACLs instead; nothing to do there).</summary>
internal static class FileModes
{
    /// <summary>Readable and writable by the owner alone: files that hold a password.</summary>
    public static void OwnerOnly(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Others may pass through (not list): Postgres runs as another user and must reach its own directory inside.</summary>
    public static void Traversable(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
