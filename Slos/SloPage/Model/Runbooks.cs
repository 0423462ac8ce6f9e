using System.Text.RegularExpressions;

namespace Reference.SloPage;

/// <summary>
/// Serves <c>docs/runbooks/*.md</c> at the same path, so an alert's <c>runbook_url</c> (a repository path such as
/// <c>docs/runbooks/slo-burn-page.md</c>) is a working link on the page.
/// </summary>
public static partial class Runbooks
{
    public static WebApplication MapRunbooks(this WebApplication app)
    {
        var directory = app.Configuration["Runbooks:Directory"]
            ?? Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, "..", "..", "docs", "runbooks"));
        app.MapGet("/docs/runbooks/{file}", (string file) =>
            RunbookName().IsMatch(file) && File.Exists(Path.Combine(directory, file))
                ? Results.Text(File.ReadAllText(Path.Combine(directory, file)), "text/markdown; charset=utf-8")
                : Results.NotFound());
        return app;
    }

    /// <summary>A plain file name: nothing outside the runbook directory can be asked for.</summary>
    [GeneratedRegex("^[a-z0-9-]+\\.md$")]
    private static partial Regex RunbookName();
}
