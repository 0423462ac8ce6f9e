using Reference.Dashboard.Slo;
using Reference.Dashboard.Storage;
using Reference.Slos;

namespace Reference.Dashboard.Tests;

/// <summary>SLO arithmetic against numbers worked out by hand (SRE workbook, chapter 5).</summary>
public sealed class SloMathTests
{
    private static readonly SloDefinition Slos = SloDefinition.Current;
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Sli_is_good_over_total_and_unknown_without_traffic()
    {
        Assert.Equal(0.998, SloMath.Sli(998, 1000));
        Assert.Null(SloMath.Sli(0, 0));
    }

    [Fact]
    public void Burn_rate_is_the_error_rate_over_the_error_budget()
    {
        // 2 failures in 1000 = 0.2 % errors; a 99.9 % SLO allows 0.1 %: burning twice as fast as allowed.
        Assert.Equal(2.0, SloMath.BurnRate(2, 1000, 0.001), 9);
        // 144 failures in 10 000 against a 0.1 % budget: the 14.4x page threshold exactly.
        Assert.Equal(14.4, SloMath.BurnRate(144, 10_000, 0.001), 9);
        Assert.Equal(0, SloMath.BurnRate(0, 0, 0.001));
    }

    [Fact]
    public void Error_budget_left_is_what_the_observed_errors_have_not_spent()
    {
        // checkout: 99.5 % -> 0.5 % budget. 1 failure in 1000 = 0.1 % -> a fifth spent, 80 % left.
        Assert.Equal(0.8, SloMath.ErrorBudgetRemaining(1, 1000, 0.005), 9);
        // 10 failures in 1000 = 1 % = twice the budget -> overspent by 100 %.
        Assert.Equal(-1.0, SloMath.ErrorBudgetRemaining(10, 1000, 0.005), 9);
        Assert.Equal(1.0, SloMath.ErrorBudgetRemaining(0, 0, 0.005));
    }

    [Fact]
    public void Budget_argument_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SloMath.BurnRate(1, 10, 0));
    }

    [Theory]
    [InlineData(15.0, 20.0, true)]   // both windows burn past 14.4 -> page
    [InlineData(15.0, 2.0, false)]   // the 1 h window remembers an incident that is over (5 m is calm) -> no page
    [InlineData(2.0, 30.0, false)]   // a short blip the long window does not confirm -> no page
    [InlineData(14.4, 14.4, true)]   // at the threshold counts
    public void A_multi_window_alert_fires_only_when_both_windows_burn(double longBurn, double shortBurn, bool fires)
    {
        var page = Slos.BurnRateAlerts.Single(a => a.Name == "page-fast");
        Assert.Equal(fires, SloEvaluator.Alert(page, SliKind.Availability, longBurn, shortBurn).Firing);
    }

    [Fact]
    public void Ledger_classifies_requests_by_journey_and_counts_them_per_window()
    {
        var ledger = new SloLedger(Slos);
        // browse: 1000 requests spread over the last hour, the oldest 55 minutes ago; 3 of them 5xx, 20 slower than 200 ms.
        for (var i = 0; i < 1000; i++)
        {
            var time = Now.AddMinutes(-55).AddSeconds(i * 3.3);
            var status = i < 3 ? 503 : 200;
            var ms = i >= 980 ? 250 : 40;
            ledger.Record(new RequestOutcome(time, "GET", "/api/catalog/items/7", status, ms));
        }
        // Not in any journey: health checks and the storefront page.
        ledger.Record(new RequestOutcome(Now.AddMinutes(-1), "GET", "/health", 500, 1));
        ledger.Record(new RequestOutcome(Now.AddMinutes(-1), "GET", "/", 500, 1));

        var hour = ledger.Window("browse", Now, TimeSpan.FromHours(1));
        Assert.Equal(new WindowCounts(1000, 3, 20), hour);
        // The last 5 minutes hold requests 910..999 (i = 910 ended 297 s ago, i = 909 300.3 s ago): 90, all 200, the last 20 slow.
        Assert.Equal(new WindowCounts(90, 0, 20), ledger.Window("browse", Now, TimeSpan.FromMinutes(5)));
        Assert.Equal(new WindowCounts(0, 0, 0), ledger.Window("basket", Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Evaluation_reports_sli_burn_budget_and_pages_with_the_runbook_when_both_windows_burn()
    {
        var ledger = new SloLedger(Slos);
        // checkout (0.5 % budget): 200 requests over the last 50 minutes, every 10th one failing = 10 % errors = 20x burn,
        // and in the last 5 minutes requests 180..199 (i = 180 ended 295 s ago), 2 of 20 failing: 20x too -> page-fast
        // (14.4x on 1h and 5m) fires.
        for (var i = 0; i < 200; i++)
        {
            ledger.Record(new RequestOutcome(Now.AddMinutes(-50).AddSeconds(5 + i * 15), "POST", "/api/orders", i % 10 == 0 ? 500 : 201, 100));
        }

        var checkout = SloEvaluator.Evaluate(ledger, Slos.Journey("checkout"), Now);

        var hour = checkout.Windows.Single(w => w.Window == "1h");
        Assert.Equal(200, hour.Total);
        Assert.Equal(0.9, hour.Availability!.Value, 9);
        Assert.Equal(1.0, hour.Latency!.Value, 9);
        Assert.Equal(20.0, hour.AvailabilityBurn, 9);
        var five = checkout.Windows.Single(w => w.Window == "5m");
        Assert.Equal(20, five.Total);
        Assert.Equal(20.0, five.AvailabilityBurn, 9);
        Assert.Equal(0.0, hour.LatencyBurn, 9);
        // Over everything held: 10 % errors against 0.5 % allowed -> 20 budgets spent, 1 - 20 = -19 left.
        Assert.Equal(-19.0, checkout.AvailabilityBudgetLeft, 9);
        Assert.Equal(1.0, checkout.LatencyBudgetLeft, 9);
        Assert.Equal(AlertState.Page, checkout.State);
        Assert.Equal("docs/runbooks/slo-burn-page.md", checkout.Runbook);
        Assert.Contains(checkout.Alerts, a => a.Alert.Name == "page-fast" && a.Sli == SliKind.Availability && a.Firing);
        Assert.DoesNotContain(checkout.Alerts, a => a.Sli == SliKind.Latency && a.Firing);
    }

    [Fact]
    public void A_handful_of_requests_never_pages_however_bad_they_look()
    {
        var ledger = new SloLedger(Slos);
        // Right after a start: 3 checkouts in the last minute, one failed = 33 % errors, a 67x burn in every window.
        for (var i = 0; i < 3; i++)
        {
            ledger.Record(new RequestOutcome(Now.AddSeconds(-50 + i * 10), "POST", "/api/orders", i == 0 ? 500 : 201, 100));
        }

        var checkout = SloEvaluator.Evaluate(ledger, Slos.Journey("checkout"), Now);

        Assert.True(checkout.Windows.Single(w => w.Window == "5m").AvailabilityBurn > 14.4, "the burn itself is still reported");
        Assert.Equal(AlertState.Ok, checkout.State);
        Assert.DoesNotContain(checkout.Alerts, a => a.Firing);
    }

    [Fact]
    public void A_slow_burn_only_opens_a_ticket()
    {
        var ledger = new SloLedger(Slos);
        // basket (0.1 % budget, 250 ms): 1000 requests in the last 5 hours, 2 % slower than 250 ms (20 of them, 1 % allowed)
        // = 2x latency burn in every window: below the page rates (14.4x, 6x) and the fast ticket (3x), above the slow
        // ticket (1x on 3d and 6h).
        for (var i = 0; i < 1000; i++)
        {
            ledger.Record(new RequestOutcome(Now.AddHours(-5).AddSeconds(i * 18), "GET", "/api/basket/alice", 200, i % 50 == 0 ? 300 : 20));
        }

        var basket = SloEvaluator.Evaluate(ledger, Slos.Journey("basket"), Now);

        Assert.Equal(2.0, basket.Windows.Single(w => w.Window == "6h").LatencyBurn, 9);
        Assert.Equal(AlertState.Ticket, basket.State);
        Assert.Equal("docs/runbooks/slo-burn-ticket.md", basket.Runbook);
        Assert.Equal(-1.0, basket.LatencyBudgetLeft, 9);
    }

    [Theory]
    [InlineData("GET", "/api/catalog/items")]
    [InlineData("get", "/API/catalog/items/12")]
    [InlineData("POST", "/api/catalog/items")]
    [InlineData("PUT", "/api/basket/alice")]
    [InlineData("DELETE", "/api/basket/alice")]
    [InlineData("POST", "/api/orders")]
    [InlineData("GET", "/api/orders/1")]
    [InlineData("GET", "/health")]
    public void The_ledgers_fast_classifier_agrees_with_the_slo_definition(string method, string path)
    {
        Assert.Equal(Slos.Classify(method, path)?.Name, new SloLedger(Slos).Classify(method, path)?.Name);
    }

    [Fact]
    public void Only_the_gateways_server_spans_feed_the_ledger()
    {
        var ledger = new SloLedger(Slos);
        SpanRecord Server(string service, SpanKind kind, int status) => new(new ResourceIdentity(service, ""), "", "t", "s", "",
            "GET /api/catalog/items", kind, Now.AddSeconds(-30), Now.AddSeconds(-29.9), SpanStatus.Unset, "",
            [new("http.request.method", "GET"), new("url.path", "/api/catalog/items"), new("http.response.status_code", status.ToString())], []);

        ledger.Observe([Server("gateway", SpanKind.Server, 500), Server("gateway", SpanKind.Client, 500), Server("catalog", SpanKind.Server, 500),
            Server("gateway", SpanKind.Server, 200)]);

        Assert.Equal(new WindowCounts(2, 1, 0), ledger.Window("browse", Now, TimeSpan.FromMinutes(5)));
    }
}
