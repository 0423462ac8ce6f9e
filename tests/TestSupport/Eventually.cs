namespace Reference.Testing;

/// <summary>Wait on a condition with a deadline — never sleep and hope.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the elapsed time when the deadline passes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? pollInterval = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = DateTime.UtcNow;
        Exception? last = null;
        while (DateTime.UtcNow - started < limit)
        {
            try
            {
                if (await condition()) return;
                last = null;
            }
            catch (Exception ex)
            {
                last = ex;
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(50));
        }
        throw new TimeoutException($"Expected {what} within {limit.TotalSeconds:0.#} s, but it did not happen." + (last is null ? "" : $" Last error: {last.Message}"), last);
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls <paramref name="probe"/> until it returns a value matching <paramref name="accept"/>; returns that value.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        T value = default!;
        await UntilAsync(async () => accept(value = await probe()), what, timeout);
        return value;
    }
}
