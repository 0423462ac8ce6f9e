using Reference.Slos;
using Reference.Testing;

namespace Reference.Slos.Tests;

public class SloDefinitionTests
{
    [Fact]
    public void The_embedded_definition_holds_the_design_numbers()
    {
        var slos = SloDefinition.Current;

        Assert.Equal(30, slos.WindowDays);
        Assert.Equal((0.999, 200.0), (slos.Journey("browse").Availability, slos.Journey("browse").Latency.ThresholdMs));
        Assert.Equal((0.999, 250.0), (slos.Journey("basket").Availability, slos.Journey("basket").Latency.ThresholdMs));
        Assert.Equal((0.995, 800.0), (slos.Journey("checkout").Availability, slos.Journey("checkout").Latency.ThresholdMs));
        Assert.Equal([14.4, 6, 3, 1], slos.BurnRateAlerts.Select(a => a.BurnRate));
    }

    [Theory]
    [InlineData("GET", "/api/catalog/items", "browse")]
    [InlineData("GET", "/api/catalog/items/42", "browse")]
    [InlineData("PUT", "/api/basket/buyer-1", "basket")]
    [InlineData("DELETE", "/api/basket/buyer-1", "basket")]
    [InlineData("POST", "/api/orders", "checkout")]
    [InlineData("GET", "/health", null)]
    [InlineData("POST", "/api/catalog/items", null)]
    [InlineData("GET", "/", null)]
    public void Requests_are_classified_into_journeys(string method, string path, string? journey) =>
        Assert.Equal(journey, SloDefinition.Current.Classify(method, path)?.Name);

    [Fact]
    public void Every_alert_links_a_runbook_that_exists()
    {
        var repoRoot = RepositoryRoot.Path;
        foreach (var alert in SloDefinition.Current.BurnRateAlerts)
        {
            Assert.True(File.Exists(Path.Combine(repoRoot, alert.Runbook)), $"alert {alert.Name} links {alert.Runbook}, which does not exist");
        }
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("3d", 259200)]
    public void Windows_parse(string window, double seconds) =>
        Assert.Equal(seconds, BurnRateAlert.ParseWindow(window).TotalSeconds);

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("0h")]
    [InlineData("5w")]
    public void Bad_windows_are_refused_with_a_clear_message(string window) =>
        Assert.Contains("is not a window", Assert.Throws<FormatException>(() => BurnRateAlert.ParseWindow(window)).Message);

    [Fact]
    public void An_availability_of_one_is_refused_because_it_leaves_no_error_budget()
    {
        const string json = """
            { "service": "s", "windowDays": 30, "alertPolicy": { "minimumEvents": 200, "burnRateAlerts": [] },
              "sli": { "metric": "m", "journeyLabel": "journey" },
              "journeys": [ { "name": "x", "description": "", "requests": [], "availability": 1, "latency": { "thresholdMs": 100, "target": 0.99 } } ] }
            """;
        var error = Assert.Throws<InvalidDataException>(() => SloDefinition.Parse(json));
        Assert.Contains("journeys[x].availability", error.Message);
    }

    [Fact]
    public void A_minimum_of_events_that_lets_one_bad_request_page_is_refused()
    {
        var json = ReadDefinition().Replace("\"minimumEvents\": 200", "\"minimumEvents\": 100");
        var error = Assert.Throws<InvalidDataException>(() => SloDefinition.Parse(json));
        Assert.Contains("lets a single bad request page page-slow on browse-availability", error.Message);
    }

    [Fact]
    public void Every_window_an_alert_reads_is_listed_shortest_first() =>
        Assert.Equal(["5m", "30m", "1h", "2h", "6h", "1d", "3d"], SloDefinition.Current.AlertWindows);

    private static string ReadDefinition() => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Slos", "slos.json"));
}
