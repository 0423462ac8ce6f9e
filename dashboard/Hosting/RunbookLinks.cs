namespace Reference.Dashboard.Hosting;

/// <summary>
/// The SLO alerts name their runbooks by repository path (<c>docs/runbooks/slo-burn-page.md</c>); the
/// dashboard serves that folder at <c>/runbooks/{file}</c> so the link works from a browser on the
/// machine that runs the system. The folder is <c>Dashboard:RunbooksPath</c>, or found by walking up
/// from the dashboard's binaries to the repository's <c>docs/runbooks</c>.
/// </summary>
public static class RunbookLinks
{
    private const string RepositoryPrefix = "docs/runbooks/";

    public static string Href(string runbook) =>
        runbook.StartsWith(RepositoryPrefix, StringComparison.Ordinal) ? "runbooks/" + runbook[RepositoryPrefix.Length..] : runbook;

    public static IEndpointRouteBuilder MapRunbooks(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var folder = configuration["Dashboard:RunbooksPath"] ?? Find(AppContext.BaseDirectory) ?? Find(Directory.GetCurrentDirectory());
        app.MapGet("/runbooks/{file}", (string file) =>
        {
            if (file.IndexOfAny(['/', '\\']) >= 0 || file.Contains("..") || !file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["A runbook is a file name ending in .md."] });
            }
            var path = folder is null ? null : Path.Combine(folder, file);
            return path is not null && File.Exists(path)
                ? Results.Text(File.ReadAllText(path), "text/plain; charset=utf-8")
                : Results.Problem(title: "Runbook not found",
                    detail: $"No {file} in {folder ?? "(no docs/runbooks folder found; set Dashboard__RunbooksPath)"}.", statusCode: 404);
        });
        return app;
    }

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "runbooks");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
