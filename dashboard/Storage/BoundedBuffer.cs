namespace Reference.Dashboard.Storage;

/// <summary>
/// A fixed-capacity ring: once full, each new item overwrites the oldest one and the overwrite is
/// counted, so the UI can say how much was dropped instead of silently forgetting it.
/// </summary>
public sealed class BoundedBuffer<T>
{
    private readonly T[] _items;
    private readonly Lock _gate = new();
    private int _next;   // where the next item goes
    private int _count;
    private long _dropped;
    private long _added;

    public BoundedBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public int Capacity => _items.Length;
    public int Count { get { lock (_gate) return _count; } }
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Added => Interlocked.Read(ref _added);

    public void Add(T item)
    {
        lock (_gate) AddLocked(item);
    }

    public void AddRange(IEnumerable<T> items)
    {
        lock (_gate)
        {
            foreach (var item in items) AddLocked(item);
        }
    }

    private void AddLocked(T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        _added++;
        if (_count == _items.Length) _dropped++;
        else _count++;
    }

    /// <summary>A copy of the held items, oldest first.</summary>
    public T[] Snapshot()
    {
        lock (_gate)
        {
            var result = new T[_count];
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++) result[i] = _items[(start + i) % _items.Length];
            return result;
        }
    }
}
