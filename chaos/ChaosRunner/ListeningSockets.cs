using System.Globalization;

namespace Reference.Chaos.Runner;

/// <summary>Which process listens on a TCP port, read from /proc the way <c>ss -ltnp</c> does: the socket's inode, then the process holding it.</summary>
public static class ListeningSockets
{
    private const string Listen = "0A";

    public static int? PidListeningOn(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != Listen) continue;
                var local = fields[1];
                if (int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port) inodes.Add(fields[9]);
            }
        }
        if (inodes.Count == 0) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1])) return pid;
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException) { /* not ours to read, or gone */ }
        }
        return null;
    }
}
