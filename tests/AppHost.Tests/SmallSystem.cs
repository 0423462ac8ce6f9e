using Reference.AppHost.Hosting;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>The part of the system these tests supervise: Postgres, Redis and two Catalog replicas, no dashboard.</summary>
internal static class SmallSystem
{
    public static readonly string[] Only = ["catalog"];

    public static IReadOnlyDictionary<string, string> Environment => ReferenceAppFixture.TestEnvironment;

    public static ReferenceAppOptions Options() => new()
    {
        Only = Only,
        IncludeDashboard = false,
        Environment = Environment,
        EchoLogs = System.Environment.GetEnvironmentVariable("REFERENCE_TEST_ECHO") == "1",
    };

    /// <summary>Every pid the run owns right now (services, Postgres' postmaster, Redis).</summary>
    public static IReadOnlyList<int> Pids(ReferenceApplication app) =>
        app.Resources.Values.SelectMany(r => r.Replicas).Select(r => r.Pid).OfType<int>().ToList();
}

/// <summary>One small system shared by the tests of a class.</summary>
public sealed class SmallSystemFixture : ReferenceAppFixture
{
    protected override ReferenceAppOptions Options => SmallSystem.Options();
}
