using System.Diagnostics;

namespace Reference.Slos.Tests;

/// <summary>Debian's real <c>promtool</c> (package <c>prometheus</c>, which <c>./reference</c> installs), run to completion with a deadline.</summary>
public static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan deadline, params string[] arguments)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: install the 'prometheus' package (./reference does).");
        var info = new ProcessStartInfo(Path) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new Result(process.ExitCode, await stdout + await stderr);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {deadline.TotalSeconds:0} s.");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
