namespace Reference.Testing.Processes;

public sealed record LogLine(long Seq, DateTimeOffset Timestamp, string Stream, string Text);

/// <summary>
/// The last N console lines of a process, numbered so a reader can ask for "everything after seq".
/// Bounded: a chatty process cannot grow the AppHost's memory without limit.
/// </summary>
public sealed class LogBuffer(int capacity = 2000)
{
    private readonly Queue<LogLine> _lines = new(capacity);
    private readonly Lock _gate = new();
    private long _seq;

    public LogLine Add(string stream, string text)
    {
        lock (_gate)
        {
            var line = new LogLine(++_seq, DateTimeOffset.UtcNow, stream, text);
            if (_lines.Count == capacity) _lines.Dequeue();
            _lines.Enqueue(line);
            return line;
        }
    }

    public IReadOnlyList<LogLine> After(long seq)
    {
        lock (_gate) return _lines.Where(l => l.Seq > seq).ToList();
    }

    public IReadOnlyList<LogLine> Tail(int count)
    {
        lock (_gate) return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
    }
}
