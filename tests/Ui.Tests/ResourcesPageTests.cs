using Microsoft.Playwright;

namespace Reference.Ui.Tests;

/// <summary>The Aspire dashboard's Resources page, with the whole system started by the AppHost.</summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class ResourcesPageTests(BrowserSystemFixture system) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await system.DashboardContext.NewPageAsync();

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task Resources_page_shows_every_resource_running()
    {
        // Read from the AppHost, so a resource added there is expected here too; at least the system as declared today.
        var expected = system.ResourcesShownOnDashboard();
        string[] declared = ["postgres", "catalogdb", "orderingdb", "cache", "catalog-0", "catalog-1", "payments", "basket", "ordering", "gateway"];
        Assert.True(declared.All(expected.Contains), $"Expected the AppHost to declare {string.Join(", ", declared)}; it shows {string.Join(", ", expected)}.");

        await Pages.StepAsync(_page, "resources", async () =>
        {
            await AspireDashboard.OpenAsync(_page, system.DashboardUrl, "/");
            await AspireDashboard.Heading(_page).GetByText("Resources").WaitForAsync(Pages.Visible);

            // The grid fills from the AppHost's resource stream: read it until every resource is listed Running.
            var grid = await Pages.ReadUntilAsync(() => AspireDashboard.ReadGridAsync(_page), g => Lists(g, expected));
            await Pages.ScreenshotAsync(_page, "dashboard-resources.png");

            Assert.True(Lists(grid, expected),
                $"Expected the Resources page to list {string.Join(", ", expected)}, each in state Running, within {Pages.Timeout.TotalSeconds:0} s; it showed:\n{grid}");
        });
    }

    /// <summary>Every expected name is a row whose State column reads Running (beside it may stand an unread-errors badge).</summary>
    private static bool Lists(DataGrid grid, IReadOnlyList<string> expected)
    {
        if (grid.Rows.Count == 0) return false;
        var rows = grid.Pairs("Name", "State").Select(r => (Name: DataGrid.FirstLine(r.First), State: DataGrid.FirstLine(r.Second))).ToList();
        return expected.All(name => rows.Any(r => r.Name == name && r.State == "Running"));
    }
}
