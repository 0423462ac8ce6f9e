using System.Runtime.InteropServices;

namespace Reference.Testing.Processes;

/// <summary>The few POSIX calls .NET does not expose: sending an arbitrary signal, and who we are.</summary>
public static partial class Libc
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Kill(int pid, int signal) => KillNative(pid, signal) == 0;

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;
}
