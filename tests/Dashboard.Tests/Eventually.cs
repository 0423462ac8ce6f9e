namespace Reference.Dashboard.Tests;

/// <summary>Waits for a condition with a deadline (exporters deliver asynchronously), never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }
}
