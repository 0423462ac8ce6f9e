// The Reference dashboard: OTLP in (gRPC + HTTP/protobuf), a bounded in-memory store, SLO math and a
// Blazor UI. What it is made of, in order, is one screen in Hosting/DashboardHost.CreateApplication.
using Reference.Dashboard.Benchmark;
using Reference.Dashboard.Hosting;

if (args.Contains("--benchmark")) return await IngestBenchmark.RunAsync(args);

WebApplication app;
try
{
    app = DashboardHost.CreateApplication(args);
}
catch (DashboardConfigurationException e)
{
    Console.Error.WriteLine($"dashboard: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
