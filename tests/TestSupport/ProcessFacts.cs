namespace Reference.Testing;

/// <summary>Facts about OS processes that tests assert on.</summary>
public static class ProcessFacts
{
    /// <summary>
    /// True while <paramref name="pid"/> is a live process. A zombie (exited, not yet reaped — common
    /// in containers whose init does not reap) counts as dead: it runs no code and holds no port.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            // Format: pid (comm) state ...; comm may contain spaces and parentheses, so read after the last ')'.
            var state = text[(text.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }
}
