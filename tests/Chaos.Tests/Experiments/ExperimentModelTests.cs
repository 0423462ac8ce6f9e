extern alias runner;

using Reference.Chaos.Experiments.Catalogue;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using runner::Reference.Chaos.Runner;

namespace Reference.Chaos.Tests.Experiments;

public sealed class ExperimentModelTests
{
    [Fact]
    public void Safeguard_trips_only_after_enough_bad_seconds_in_a_row()
    {
        var guard = new Safeguard(MaxErrorShare: 0.5, ConsecutiveSeconds: 3);

        Assert.False(guard.Trips([0.9, 0.9]));
        Assert.False(guard.Trips([0.9, 0.9, 0.1, 0.9, 0.9]));
        Assert.True(guard.Trips([0.1, 0.9, 0.6, 0.51]));
        Assert.False(guard.Trips([0.9, 0.9, 0.5]), "at the bound is not above it");
    }

    [Fact]
    public void The_six_designed_experiments_each_have_a_runbook_and_end_with_order_reconciliation()
    {
        Assert.Equal(
            ["redis-down", "postgres-latency", "postgres-down", "postgres-blackhole", "payments-flaky", "catalog-replica-crash"],
            ExperimentCatalogue.Designed.Select(e => e.Name));
        foreach (var experiment in ExperimentCatalogue.Designed)
        {
            Assert.True(File.Exists(Path.Combine(Reference.Chaos.Experiments.Reports.ArtifactPaths.RepositoryRoot, experiment.Runbook)), $"{experiment.Name}: no {experiment.Runbook}");
            Assert.Equal("no order lost or duplicated", experiment.Afterwards[^1].Name);
            Assert.Contains(experiment.Method, a => a.StartsFault);
        }
    }

    [Fact]
    public void Dependency_experiments_are_two_per_edge_and_name_a_replica_set_by_its_service()
    {
        DependencyEdge[] edges = [new("basket", "cache"), new("basket", "catalog-0"), new("basket", "catalog-1"), new("ordering", "orderingdb")];

        var names = DependencyExperiments.For(edges).Select(e => e.Name).ToList();

        Assert.Equal(
            ["edge-basket-cache-latency", "edge-basket-cache-blackhole", "edge-basket-catalog-latency", "edge-basket-catalog-blackhole",
             "edge-ordering-orderingdb-latency", "edge-ordering-orderingdb-blackhole"],
            names);
        Assert.All(DependencyExperiments.For(edges), e => Assert.True(e.IsGenerated));
    }

    [Theory]
    [InlineData(new string[0], "help")]
    [InlineData(new[] { "list" }, "list")]
    [InlineData(new[] { "run", "redis-down", "--profile", "full" }, "run")]
    public void Cli_accepts_its_commands(string[] args, string command) => Assert.Equal(command, CliOptions.Parse(args).Command);

    [Theory]
    [InlineData(new[] { "run", "redis-down" }, 30)]
    [InlineData(new[] { "run", "redis-down", "--warm-up", "0" }, 0)]
    [InlineData(new[] { "run", "--all", "--warm-up", "45s" }, 45)]
    public void Cli_warms_up_30_s_unless_told(string[] args, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CliOptions.Parse(args).WarmUp);

    [Theory]
    [InlineData("launch")]
    [InlineData("run")]
    [InlineData("run", "redis-down", "--profile", "forever")]
    [InlineData("run", "a", "b")]
    [InlineData("run", "redis-down", "--warm-up", "-5")]
    [InlineData("run", "redis-down", "--warm-up", "soon")]
    public void Cli_refuses_what_it_cannot_do_with_a_message(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => CliOptions.Parse(args));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Cli_says_clearly_when_no_system_is_running()
    {
        var error = Assert.Throws<CannotRunException>(() => RunFileSystem.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json")));
        Assert.Contains("./reference up", error.Message);
    }
}
