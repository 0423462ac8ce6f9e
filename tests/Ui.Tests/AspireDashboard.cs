using Microsoft.Playwright;

namespace Reference.Ui.Tests;

/// <summary>
/// The real Aspire dashboard (Blazor Server and FluentUI) read as a person reads it: the app's navigation, a
/// page's heading, its search box and its data grid, each found by its ARIA role rather than by FluentUI's
/// generated ids and classes.
/// </summary>
public static class AspireDashboard
{
    /// <summary>
    /// Nothing on the dashboard is prerendered: its navigation appears once the browser is logged in and the
    /// Blazor circuit is connected, after which clicks and typing reach the server.
    /// </summary>
    public static Task WaitForShellAsync(IPage page) => page.GetByRole(AriaRole.Navigation).First.WaitForAsync(Pages.Visible);

    public static async Task OpenAsync(IPage page, Uri dashboard, string path)
    {
        await page.GotoAsync(new Uri(dashboard, path).ToString());
        await WaitForShellAsync(page);
    }

    /// <summary>Every page names itself in an <c>h1</c>: "Resources", "Traces", or a trace's name on its detail page.</summary>
    public static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The page's filter box (on Traces it matches a trace's name or id).</summary>
    public static ILocator SearchBox(IPage page) => page.GetByRole(AriaRole.Searchbox);

    /// <summary>
    /// The page's data grid as text: column headers (FluentUI renders them as <c>th</c>, role columnheader) and
    /// one list of cell texts per row (<c>tr role=row</c>, cells role gridcell), read in one round trip.
    /// </summary>
    public static async Task<DataGrid> ReadGridAsync(IPage page)
    {
        // Each row as [kind, cell texts…]: Playwright hands back arrays of strings as they are.
        var rows = await page.GetByRole(AriaRole.Row).EvaluateAllAsync<string[][]>("""
            rows => rows.map(row => [
              row.querySelector('th, [role=columnheader]') !== null ? 'header' : 'row',
              ...Array.from(row.querySelectorAll('th, td, [role=columnheader], [role=gridcell]'))
                .filter(cell => cell.closest('tr, [role=row]') === row)
                .map(cell => cell.innerText.trim()),
            ])
            """);
        var header = rows.FirstOrDefault(r => r[0] == "header")?[1..] ?? [];
        return new DataGrid(header, [.. rows.Where(r => r[0] == "row").Select(r => r[1..])]);
    }
}
