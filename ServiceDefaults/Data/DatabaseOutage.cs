using Npgsql;

namespace Reference.ServiceDefaults;

/// <summary>
/// Which exceptions mean "the database cannot be reached now" (down, silent past a timeout, out of
/// connections), as opposed to a bug. One rule for the 503 handler and for code that has a fallback.
/// </summary>
public static class DatabaseOutage
{
    public static bool Is(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is TimeoutException or System.Net.Sockets.SocketException or IOException,
        TimeoutException => true,
        _ => false,
    };
}
