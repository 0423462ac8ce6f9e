using Reference.Testing.Processes;

namespace Reference.ServiceDefaults.Tests;

/// <summary>The test support's port choice (tests/TestSupport/Processes/FreePort.cs), which every server fixture uses.</summary>
public class FreePortTests
{
    [Fact]
    public async Task A_port_taken_before_the_server_binds_it_is_retried_on_another_port()
    {
        var tried = new List<int>();

        var port = await FreePort.StartOnAsync(0, p =>
        {
            tried.Add(p);
            return tried.Count == 1
                ? throw new InvalidOperationException("postgres exited with code 1 while starting:\nLOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use")
                : Task.FromResult(p);
        });

        Assert.Equal(2, tried.Count);
        Assert.Equal(tried[1], port);
    }

    [Fact]
    public async Task Any_other_start_failure_is_not_retried()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FreePort.StartOnAsync<int>(0, _ =>
        {
            calls++;
            throw new InvalidOperationException("postgres exited with code 1 while starting:\nFATAL:  data directory has wrong ownership");
        }));

        Assert.Equal(1, calls);
        Assert.Contains("wrong ownership", error.Message);
    }

    [Fact]
    public async Task A_port_the_caller_chose_is_used_as_it_is_and_not_replaced_when_taken()
    {
        var tried = new List<int>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => FreePort.StartOnAsync<int>(6399, p =>
        {
            tried.Add(p);
            throw new InvalidOperationException("redis-server exited with code 1 while starting:\nbind: Address already in use");
        }));

        Assert.Equal([6399], tried);
    }

    [Fact]
    public async Task A_port_that_stays_taken_gives_up_after_three_attempts()
    {
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => FreePort.StartOnAsync<int>(0, _ =>
        {
            calls++;
            throw new InvalidOperationException("redis-server exited with code 1 while starting:\nbind: Address already in use");
        }));

        Assert.Equal(3, calls);
    }
}
