using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Reference.Chaos.FaultProxy.Client;
using Reference.Slos;
using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>
/// The SLO page (resource <c>slo-page</c>) against the real Prometheus of the AppHost: every journey with its SLOs,
/// budget and policy state, runbook links that open, and a page alert shown while a fault burns browse's budget.
/// </summary>
[Collection(WholeSystemCollection.Name)]
public sealed class SloPageTests(WholeSystem system) : IAsyncLifetime
{
    /// <summary>Prometheus scrapes and evaluates every 5 s; the page reads it on every load.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly HttpClient _page = system.CreateHttpClient("slo-page");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("prometheus", timeout.Token);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("slo-page", timeout.Token);
    }

    public Task DisposeAsync()
    {
        _page.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_page_shows_every_journeys_slos_and_browses_budget_with_its_policy_state()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var html = await Eventually.ReturnsAsync(async () =>
        {
            (await gateway.GetAsync("/api/catalog/items?pageSize=1")).EnsureSuccessStatusCode();
            return await _page.GetStringAsync("/");
        }, h => h.Contains("data-testid=\"slo-browse-availability\"") && BrowseAvailabilityRow(h).Contains("data-testid=\"policy\""),
            "the SLO page to show browse availability with a policy state read from Prometheus", Deadline);

        Assert.DoesNotContain("data-testid=\"error\"", html);
        foreach (var objective in SloDefinition.Current.Objectives)
        {
            Assert.Contains($"data-testid=\"slo-{objective.Name}\"", html);
        }
        var states = Enum.GetValues<BudgetState>().Select(ErrorBudgetPolicy.Describe);
        Assert.Contains(states, state => BrowseAvailabilityRow(html).Contains($">{state}<"));
    }

    [Fact]
    public async Task Every_alerts_runbook_link_opens_the_runbook()
    {
        foreach (var runbook in SloDefinition.Current.BurnRateAlerts.Select(a => SloDefinition.Current.AlertPolicy.RunbookUrl(a)).Distinct())
        {
            using var response = await _page.GetAsync("/" + runbook);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{runbook} on the SLO page answered {(int)response.StatusCode}");
            Assert.StartsWith("# SLO burn", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _page.GetAsync("/docs/runbooks/..%2F..%2FREADME.md")).StatusCode);
    }

    [Fact]
    public async Task While_a_fault_burns_browses_latency_budget_the_page_shows_the_page_alert_firing()
    {
        await using var fault = await BrowseLatencyFault.StartAsync(system);

        var html = await Eventually.ReturnsAsync(async () =>
        {
            // Keep the short window busy, past the 200-request minimum, every request slow.
            await fault.BrowseAsync(36);
            return await _page.GetStringAsync("/");
        }, h => h.Contains("data-testid=\"alert-browse-SloBurnPageFast-latency\""),
            "SloBurnPageFast for browse latency firing on the SLO page", Deadline);

        var alert = html[html.IndexOf("data-testid=\"alert-browse-SloBurnPageFast-latency\"", StringComparison.Ordinal)..];
        Assert.Contains("href=\"docs/runbooks/slo-burn-page.md\"", alert[..alert.IndexOf("</li>", StringComparison.Ordinal)]);
        // The cause beside the burn: the catalog replicas' in-process chaos gauge, a band on browse's budget timeline.
        Assert.Contains(Markers(html, "chaos"), m => m.StartsWith("chaos: catalogdb latency,", StringComparison.Ordinal));
        Assert.Contains("data-testid=\"marker-chaos\"", Timeline(html, "browse"));
    }

    [Fact]
    public async Task While_postgres_is_down_checkouts_burn_their_budget_and_the_page_shows_the_checkout_page_alert()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var price = (await gateway.GetFromJsonAsync<JsonElement>("/api/catalog/items/1")).GetProperty("price").GetDecimal();
        var buyer = await GatewayBuyer.CreateAsync(gateway); // a checkout without a buyer token is a 401, which burns no budget
        var postgres = new FaultProxyClient(system.GetEndpoint("postgres-faults"));
        // The postgres-down experiment's fault: to every client, Postgres is gone; checkout answers 503.
        await postgres.AddAsync(FaultSpec.Down().For(Deadline + TimeSpan.FromMinutes(1)));
        try
        {
            var html = await Eventually.ReturnsAsync(async () =>
            {
                // Past the alert policy's 200-request minimum in the 5-minute window within a few rounds.
                for (var i = 0; i < 40; i++)
                {
                    using var checkout = buyer.Sign(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                    {
                        Content = JsonContent.Create(new { buyerId = buyer.BuyerId, items = new[] { new { productId = 1, quantity = 1, unitPrice = price } } }),
                    });
                    checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                    (await gateway.SendAsync(checkout)).Dispose();
                }
                return await _page.GetStringAsync("/");
            }, h => h.Contains("data-testid=\"alert-checkout-SloBurnPageFast-availability\""),
                "SloBurnPageFast for checkout availability firing on the SLO page", Deadline);

            var alert = html[html.IndexOf("data-testid=\"alert-checkout-SloBurnPageFast-availability\"", StringComparison.Ordinal)..];
            Assert.Contains("href=\"docs/runbooks/slo-burn-page.md\"", alert[..alert.IndexOf("</li>", StringComparison.Ordinal)]);
            // The fault proxy's gauge marks the outage on the timeline: Prometheus scrapes postgres-faults.
            Assert.Contains(Markers(html, "chaos"), m => m.StartsWith("chaos: postgres down,", StringComparison.Ordinal));
        }
        finally
        {
            await postgres.ResetAsync();
        }
    }

    [Fact]
    public async Task A_load_run_through_the_gateway_is_marked_on_the_budget_timeline()
    {
        using var gateway = system.CreateHttpClient("gateway");
        // The User-Agent the gateway counts as load (Gateway SyntheticTraffic; the load harness's LoadRunner.UserAgent), across scrapes: increase() needs two.
        var html = await Eventually.ReturnsAsync(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/catalog/items/{i % 5 + 1}");
                request.Headers.UserAgent.ParseAdd("Reference.LoadHarness/1.0");
                (await gateway.SendAsync(request)).Dispose();
            }
            return await _page.GetStringAsync("/");
        }, h => Markers(h, "load").Count > 0, "a load-run marker on the SLO page", Deadline);

        Assert.All(Markers(html, "load"), m => Assert.StartsWith("load run,", m));
        foreach (var journey in SloDefinition.Current.Journeys)
        {
            Assert.Contains("data-testid=\"marker-load\"", Timeline(html, journey.Name));
        }
    }

    [Fact]
    public async Task A_replica_that_goes_down_is_marked_on_the_budget_timeline()
    {
        const string replica = "catalog-1";
        await system.Processes.WaitUntilHealthyAsync(replica, Deadline);
        var commands = system.App.ResourceCommands;
        // Stopped from the dashboard, so the AppHost does not restart it: Prometheus sees it down for several scrapes.
        var stop = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        try
        {
            var html = await Eventually.ReturnsAsync(() => _page.GetStringAsync("/"),
                h => Markers(h, "down").Any(m => m.StartsWith($"{replica} down,", StringComparison.Ordinal)),
                $"'{replica} down' on the SLO page's timeline", Deadline);
            Assert.Contains("data-testid=\"marker-down\"", Timeline(html, "browse"));
        }
        finally
        {
            var start = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand);
            Assert.True(start.Success, start.Message);
            await system.Processes.WaitUntilHealthyAsync(replica, Deadline);
        }
    }

    /// <summary>The texts of the page's markers of one kind (the list above the journeys).</summary>
    private static List<string> Markers(string html, string kind) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, $"data-testid=\"marker-{kind}-text\">([^<]*)<")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static string Timeline(string html, string journey)
    {
        var start = html.IndexOf($"data-testid=\"timeline-{journey}\"", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    private static string BrowseAvailabilityRow(string html)
    {
        var start = html.IndexOf("data-testid=\"slo-browse-availability\"", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
