// Writes deploy/prometheus/ from Slos/slos.json: per journey, recording and alert rules (rules/) and the
// promtool tests that prove them (tests/). `dotnet run --project Slos/SloRules [-- --out DIR]`.
// Then: promtool check rules deploy/prometheus/rules/*.yml && promtool test rules deploy/prometheus/tests/*.yml
using Reference.Slos;
using Reference.Slos.Prometheus;

var outIndex = Array.IndexOf(args, "--out");
var directory = outIndex >= 0 && outIndex + 1 < args.Length
    ? Path.GetFullPath(args[outIndex + 1])
    : Path.Combine(RepositoryRoot(), "deploy", "prometheus");

// The definition compiled into Slos.dll is slos.json as it was at build time: `dotnet run` builds first.
foreach (var file in GeneratedFiles.WriteTo(SloDefinition.Current, directory))
{
    Console.WriteLine(Path.Combine(directory, file));
}
return 0;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
    }
    throw new DirectoryNotFoundException("Run from inside the repository, or pass --out DIR.");
}
