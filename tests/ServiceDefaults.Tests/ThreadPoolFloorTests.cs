using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults.Tests;

/// <summary>
/// The floor under the thread pool that keeps /alive answering while Npgsql blocks pool threads on cancel
/// requests to a silent Postgres (postgres-blackhole: /alive took 3.2 s before, 23 ms after).
/// </summary>
public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void Service_defaults_raise_the_thread_pool_minimum_to_the_floor()
    {
        Host.CreateApplicationBuilder().AddServiceDefaults();

        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        Assert.True(workers >= ThreadPoolFloor.DefaultMinThreads, $"min worker threads {workers}, expected at least {ThreadPoolFloor.DefaultMinThreads}");
        Assert.True(completionPorts >= ThreadPoolFloor.DefaultMinThreads, $"min completion-port threads {completionPorts}");
    }

    [Fact]
    public void A_floor_below_one_stops_the_service_at_start_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new(ThreadPoolFloor.ConfigurationKey, "0")]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddThreadPoolFloor());
        Assert.Contains(ThreadPoolFloor.ConfigurationKey, error.Message);
    }
}
