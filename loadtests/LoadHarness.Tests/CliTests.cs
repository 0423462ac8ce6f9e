using Reference.Load.Cli;
using Reference.Load.Hosting;

namespace Reference.Load.Tests;

[Collection(LoadCollection.Name)]
public class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "explode" }, "unknown command 'explode'")]
    [InlineData(new[] { "run", "--profile", "baseline" }, "--target is required")]
    [InlineData(new[] { "run", "--target", "http://10.1.2.3:5000", "--profile", "baseline" }, "must point at loopback")]
    [InlineData(new[] { "run", "--target", "127.0.0.1:5000", "--profile", "baseline" }, "absolute http:// or https:// URL")]
    [InlineData(new[] { "run", "--target", "http://127.0.0.1:5000", "--profile", "soak" }, "--profile must be one of baseline, spike, overload")]
    [InlineData(new[] { "run", "--target", "http://127.0.0.1:5000", "--profile", "overload" }, "needs --capacity")]
    [InlineData(new[] { "run", "--target", "http://127.0.0.1:5000", "--profile", "baseline", "--rate-multiplier", "lots" }, "--rate-multiplier must be a number")]
    [InlineData(new[] { "run", "--target", "http://127.0.0.1:5000", "--profile", "baseline", "--shrot" }, "unknown option for 'run': --shrot")]
    [InlineData(new[] { "capacity", "--target", "http://127.0.0.1:5000", "--step-duration", "soon" }, "--step-duration must be a duration")]
    [InlineData(new[] { "capacity", "--target", "http://127.0.0.1:5000", "--start", "500", "--max", "100" }, "--max (100) must be at least --start (500)")]
    [InlineData(new[] { "probe", "--target", "http://127.0.0.1:5000" }, "--rate is required")]
    [InlineData(new[] { "probe", "--target", "http://127.0.0.1:5000", "--rate", "0" }, "--rate must be at least 0.1")]
    public async Task Bad_arguments_exit_with_code_2_and_say_what_is_wrong(string[] args, string message)
    {
        var (code, _, err) = await Run(args);

        Assert.Equal(CliApp.BadArguments, code);
        Assert.Contains(message, err);
        Assert.Contains("usage:", err);
    }

    [Fact]
    public async Task Help_prints_usage_and_succeeds()
    {
        var (code, output, _) = await Run("help");
        Assert.Equal(0, code);
        Assert.Contains("capacity", output);
    }

    [Fact]
    public async Task Probe_measures_a_loopback_endpoint_and_writes_reports()
    {
        await using var server = await LoopbackServer.StartTrivialAsync();
        var outDir = Path.Combine(Path.GetTempPath(), "load-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output, err) = await Run("probe", "--target", server.BaseAddress.ToString(), "--rate", "200", "--duration", "1s", "--out", outDir);

            Assert.True(code == 0, err);
            Assert.Contains("requests 200, throughput", output);
            Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_failing_gate_exits_1_and_still_writes_its_reports()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.AdmitPerSecond = 5; // the "system" sheds most of the 1x traffic: the baseline must fail
        var outDir = Path.Combine(Path.GetTempPath(), "load-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Short baseline at 0.4x (20 req/s): 5 s warm-up + 15 s judged.
            var (code, output, err) = await Run("run", "--target", gateway.BaseAddress.ToString(), "--profile", "baseline",
                "--short", "--rate-multiplier", "0.4", "--out", outDir);

            Assert.True(code == CliApp.GateFailed, $"exit {code}\n{output}\n{err}");
            Assert.Contains("FAIL  [baseline] little is shed", output);
            Assert.Contains("| **FAIL** | baseline | little is shed |", File.ReadAllText(Path.Combine(outDir, "report.md")));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_whose_target_is_down_fails_with_a_message_not_a_stack_trace()
    {
        // Bind and release a port so nothing listens there.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (code, _, err) = await Run("run", "--target", $"http://127.0.0.1:{port}", "--profile", "baseline", "--short");

        Assert.Equal(CliApp.RunFailed, code);
        Assert.StartsWith("error:", err);
    }
}
