namespace Reference.Slos.Prometheus;

/// <summary>A file the generator writes, relative to <c>deploy/prometheus/</c>.</summary>
public sealed record GeneratedFile(string RelativePath, string Content);

/// <summary>Everything generated from the definition into <c>deploy/prometheus/</c>: per journey a rule file and its promtool tests.</summary>
public static class GeneratedFiles
{
    public const string RulesDirectory = "rules";
    public const string TestsDirectory = "tests";

    public static string RuleFileName(Journey journey) => $"slo-{journey.Name}.rules.yml";

    public static IReadOnlyList<GeneratedFile> For(SloDefinition slos) =>
    [
        .. slos.Journeys.Select(j => new GeneratedFile($"{RulesDirectory}/{RuleFileName(j)}", RuleFile.For(slos, j))),
        .. slos.Journeys.Select(j => new GeneratedFile($"{TestsDirectory}/slo-{j.Name}.test.yml",
            RuleTestFile.For(slos, j, $"../{RulesDirectory}/{RuleFileName(j)}"))),
    ];

    /// <summary>Writes every file under <paramref name="directory"/>, removing generated files that no longer have a journey.</summary>
    public static IReadOnlyList<string> WriteTo(SloDefinition slos, string directory)
    {
        var files = For(slos);
        foreach (var sub in new[] { RulesDirectory, TestsDirectory })
        {
            var path = Path.Combine(directory, sub);
            Directory.CreateDirectory(path);
            foreach (var old in Directory.GetFiles(path, "slo-*.yml")) File.Delete(old);
        }
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(directory, file.RelativePath), file.Content);
        }
        return [.. files.Select(f => f.RelativePath)];
    }
}
