namespace Reference.Dashboard.Benchmark;

public static class IngestBenchmark
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(0);
}
