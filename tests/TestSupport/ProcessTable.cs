namespace Reference.Testing;

/// <summary>The machine's processes as /proc shows them: enough to find what a run started and whether it is still there.</summary>
public static class ProcessTable
{
    public sealed record Entry(int Pid, int ParentPid, string CommandLine);

    public static IReadOnlyList<Entry> All()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // pid (comm) state ppid …; comm may hold spaces and parentheses: read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                entries.Add(new Entry(pid, int.Parse(fields[1]), commandLine));
            }
            catch (IOException) { /* it ended while we looked */ }
            catch (UnauthorizedAccessException) { }
        }
        return entries;
    }

    /// <summary>The direct children of <paramref name="pid"/>, now.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) => [.. All().Where(p => p.ParentPid == pid).Select(p => p.Pid)];

    /// <summary>The roots and every process below them, now.</summary>
    public static IReadOnlyList<int> WithDescendants(IEnumerable<int> roots)
    {
        var table = All();
        var found = new HashSet<int>(roots);
        bool added;
        do
        {
            added = false;
            foreach (var entry in table)
            {
                if (found.Contains(entry.ParentPid) && found.Add(entry.Pid)) added = true;
            }
        }
        while (added);
        return [.. found];
    }
}
