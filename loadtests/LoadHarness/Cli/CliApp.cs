namespace Reference.Load.Cli;

/// <summary>Dispatches a command. Exit codes: 0 pass, 1 a gate failed, 2 bad arguments, 3 the run could not be done.</summary>
public static class CliApp
{
    public const int Passed = 0, GateFailed = 1, BadArguments = 2, RunFailed = 3;

    public const string Usage = """
        usage: dotnet run --project loadtests/LoadHarness -- <command> [options]

          run       --target URL --profile baseline|spike|overload [--capacity RPS] [--rate-multiplier X] [--short] [--out DIR]
                    the mixed journey (70% browse, 20% basket, 10% checkout) under a DESIGN.md load profile, judged
                    against slos.json; overload needs --capacity (the highest rate `capacity` reported)
          capacity  --target URL [--start 50] [--step 50] [--step-duration 20s] [--max 5000] [--out DIR]
                    steps the rate up until an SLO breaks; reports the highest rate that held and what broke first
          probe     --target URL --rate N [--duration 10s] [--connections 1024] [--out DIR]
                    constant rate of GETs against one URL (to compare the harness with wrk)
          serve     [--port 0]
                    a trivial loopback endpoint answering 200 "ok", to measure the harness (and wrk) against

        Targets must be loopback. Durations: 500ms, 20s, 2m. Reports: artifacts/load/<command>-<time>/report.{md,json,html}.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            var arguments = CliArguments.Parse(args);
            return arguments.Command switch
            {
                "run" => await RunCommand.RunAsync(arguments, output, cancellationToken),
                "capacity" => await CapacityCommand.RunAsync(arguments, output, cancellationToken),
                "probe" => await ProbeCommand.RunAsync(arguments, output, cancellationToken),
                "serve" => await ServeCommand.RunAsync(arguments, output, cancellationToken),
                "help" or "--help" or "-h" => Help(output),
                var unknown => throw new UsageException($"unknown command '{unknown}'."),
            };
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            await error.WriteLineAsync();
            await error.WriteLineAsync(Usage);
            return BadArguments;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled.");
            return RunFailed;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return RunFailed;
        }
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(Usage);
        return Passed;
    }

    internal static string DefaultOutput(string name) =>
        Path.Combine("artifacts", "load", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
}
