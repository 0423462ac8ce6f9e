using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults;

/// <summary>
/// A floor under the thread pool (<c>ThreadPool:MinThreads</c>, default 64). Code we do not own blocks pool
/// threads when a dependency goes silent: on every command timeout Npgsql sends Postgres a cancel request
/// synchronously, opening a new connection under the connect timeout (<c>NpgsqlConnector.DoCancelRequest</c>).
/// Under a Postgres blackhole, stacks of Ordering showed 8 pool threads parked there. The pool's own minimum
/// is the core count (2 here), and above it the pool adds about one thread every half second, so /alive,
/// which needs none of Postgres, waited up to 3–5 s (postgres-blackhole experiment). Below the floor a thread
/// is created at once when work is queued; idle threads retire as usual, so the floor costs nothing at rest.
/// </summary>
public static class ThreadPoolFloor
{
    public const string ConfigurationKey = "ThreadPool:MinThreads";
    public const int DefaultMinThreads = 64;

    public static TBuilder AddThreadPoolFloor<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var floor = builder.Configuration.GetValue(ConfigurationKey, DefaultMinThreads);
        if (floor < 1)
            throw new InvalidOperationException($"{ConfigurationKey} must be at least 1, not {floor}.");
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, floor), Math.Max(completionPorts, floor));
        return builder;
    }
}
