using Reference.Load.Hosting;

namespace Reference.Load.Cli;

/// <summary><c>serve</c>: a trivial loopback endpoint to measure the harness (and wrk) against.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var port = (int)args.Double("port", 0, min: 0);
        if (port > 65535) throw new UsageException($"--port must be at most 65535, got {port}.");
        args.RejectUnknown();

        await using var server = await LoopbackServer.StartTrivialAsync(port, cancellationToken);
        output.WriteLine($"serving 200 \"ok\" on {server.BaseAddress} (Ctrl+C to stop)");
        // Stop on Ctrl+C from the CLI or on SIGTERM, which the web host's console lifetime receives.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, server.Stopping);
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
        return CliApp.Passed;
    }
}
