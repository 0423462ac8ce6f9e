using Microsoft.Playwright;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>
/// One checkout in the storefront, followed into the Aspire dashboard: the Traces page finds its trace and the
/// trace detail shows every part of the system the checkout went through.
/// </summary>
[Collection(BrowserSystemCollection.Name)]
public sealed class CheckoutTraceTests(BrowserSystemFixture system) : IAsyncLifetime
{
    private StorefrontPage _storefront = null!;
    private IPage _dashboard = null!;

    public async Task InitializeAsync()
    {
        _storefront = new StorefrontPage(await system.StorefrontContext.NewPageAsync());
        _dashboard = await system.DashboardContext.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _storefront.Page.CloseAsync();
        await _dashboard.CloseAsync();
    }

    [Fact]
    public async Task Storefront_checkout_shows_as_one_trace_through_gateway_ordering_catalog_payments_and_postgres()
    {
        // Arrange and act: a shopper checks out in the storefront.
        var clicked = DateTimeOffset.MinValue;
        StorefrontPage.PlacedOrder order = null!;
        await Pages.StepAsync(_storefront.Page, "checkout-in-storefront", async () =>
        {
            await _storefront.OpenAsync(system.GatewayUrl);
            await _storefront.AddFirstProductAsync();
            clicked = DateTimeOffset.UtcNow;
            order = await _storefront.CheckOutAsync();
        });

        // The services export spans in batches; wait until the dashboard holds the whole checkout, so that what
        // follows tests the pages, not the exporters' pace. Its trace: the gateway's POST /api/orders since the click.
        var traceId = await CheckoutTraceIdAsync(clicked, order);

        // Assert: on the Traces page a person finds the checkout by name, tells it by its id, and opens its detail,
        // which shows every part.
        await Pages.StepAsync(_dashboard, "traces", async () =>
        {
            await AspireDashboard.OpenAsync(_dashboard, system.DashboardUrl, "/traces");
            // The filter matches trace names; the list names a trace "<resource>: <root span name>" followed by the
            // first 7 characters of its id, which tells this checkout from any other.
            await AspireDashboard.SearchBox(_dashboard).FillAsync("POST /api/orders");
            var shortId = traceId[..7];
            bool IsTheCheckout(string name) => name.StartsWith("gateway: POST /api/orders", StringComparison.Ordinal) && name.EndsWith(shortId, StringComparison.Ordinal);
            bool ListsTheCheckout(DataGrid grid) => grid.Rows.Count > 0 && grid.Column("Name").Select(DataGrid.Text).Count(IsTheCheckout) == 1
                && grid.Column("Name").All(name => name.Contains("POST /api/orders", StringComparison.Ordinal));
            var listed = await Pages.ReadUntilAsync(() => AspireDashboard.ReadGridAsync(_dashboard), ListsTheCheckout);
            Assert.True(ListsTheCheckout(listed),
                $"Expected the Traces page filtered to 'POST /api/orders' to list only such traces, one of them 'gateway: POST /api/orders… {shortId}'; it listed:\n{listed}");
            await Pages.ScreenshotAsync(_dashboard, "dashboard-traces-checkout.png");

            var row = _dashboard.GetByRole(AriaRole.Row).Filter(new() { HasText = shortId });
            await row.GetByRole(AriaRole.Gridcell).Filter(new() { HasText = "POST /api/orders" }).ClickAsync();
            await _dashboard.WaitForURLAsync($"**/traces/detail/{traceId}", new() { Timeout = Pages.Ms(Pages.Timeout) });
        });

        await Pages.StepAsync(_dashboard, "trace-detail", async () =>
        {
            await AspireDashboard.Heading(_dashboard).GetByText("gateway: POST /api/orders").WaitForAsync(Pages.Visible);
            var spans = await Pages.ReadUntilAsync(() => AspireDashboard.ReadGridAsync(_dashboard), g => MissingParts(g).Count == 0);
            await Pages.ScreenshotAsync(_dashboard, "dashboard-trace-checkout-detail.png");

            var missing = MissingParts(spans);
            Assert.True(missing.Count == 0,
                $"Expected the detail of trace {traceId} (order {order.OrderId}) to show {string.Join("; ", Parts.Select(p => p.What))}. " +
                $"Missing: {string.Join("; ", missing)}. The span rows (Name | Resource | …):\n{spans}");
        });
    }

    /// <summary>
    /// What one checkout goes through, as the trace detail's span rows show it: a span's name in the Name column
    /// (with the peer it called beside it: an Npgsql span reads "postgresql orderingdb"), who sent it in Resource.
    /// </summary>
    private static readonly (string What, Func<string, string, bool> Shows)[] Parts =
    [
        ("a span from gateway", (_, resource) => resource == "gateway"),
        ("a span from ordering", (_, resource) => resource == "ordering"),
        ("a span from a catalog replica (catalog-0 or catalog-1)", (_, resource) => resource is "catalog-0" or "catalog-1"),
        ("a span from payments", (_, resource) => resource == "payments"),
        ("an Npgsql span: ordering's postgresql call to orderingdb", (name, resource) =>
            resource == "ordering" && name.StartsWith("postgresql", StringComparison.Ordinal) && name.Contains("orderingdb", StringComparison.Ordinal)),
    ];

    private static List<string> MissingParts(DataGrid spans)
    {
        if (spans.Rows.Count == 0) return [.. Parts.Select(p => p.What)];
        var rows = spans.Pairs("Name", "Resource").Select(r => (Name: DataGrid.Text(r.First), Resource: DataGrid.FirstLine(r.Second))).ToList();
        return [.. Parts.Where(p => !rows.Any(r => p.Shows(r.Name, r.Resource))).Select(p => p.What)];
    }

    /// <summary>
    /// The id of the one trace whose gateway server span is a <c>POST /api/orders…</c> started after the click, once
    /// the telemetry API holds spans from every service of the checkout and an Npgsql one (the tests of this
    /// collection run one at a time, so no other checkout goes through the gateway meanwhile).
    /// </summary>
    private async Task<string> CheckoutTraceIdAsync(DateTimeOffset clicked, StorefrontPage.PlacedOrder order)
    {
        using var telemetry = new DashboardTelemetry(system.Dashboard!);
        string[] services = ["gateway", "ordering", "payments"];

        List<ExportedTrace> Checkouts(IReadOnlyList<ExportedTrace> traces) => [.. traces.Where(t => t.Spans.Any(s =>
            s.Service == "gateway" && s.Kind == SpanKind.Server && s.Name.StartsWith("POST /api/orders", StringComparison.Ordinal) && s.Start >= clicked))];

        bool Complete(ExportedTrace trace) =>
            services.All(service => trace.Spans.Any(s => s.Service == service))
            && trace.Spans.Any(s => s.Service.StartsWith("catalog-", StringComparison.Ordinal))
            && trace.Spans.Any(s => s.Attributes.GetValueOrDefault("db.system.name") == "postgresql");

        var traces = await Pages.ReadUntilAsync(() => telemetry.GetTracesAsync("gateway"), ts => Checkouts(ts) is [var one] && Complete(one));
        var checkouts = Checkouts(traces);
        Assert.True(checkouts is [var trace] && Complete(trace),
            $"Expected the dashboard's telemetry API to hold one trace of the checkout of order {order.OrderId} (a gateway 'POST /api/orders…' " +
            $"since {clicked:HH:mm:ss.fff}) with spans from gateway, ordering, a catalog replica, payments and an Npgsql 'postgresql' span " +
            $"within {Pages.Timeout.TotalSeconds:0} s; it held {checkouts.Count} such trace(s):\n{string.Join('\n', checkouts)}");
        return checkouts[0].TraceId;
    }
}
