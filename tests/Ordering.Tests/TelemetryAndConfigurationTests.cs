using System.Net;
using Microsoft.Extensions.Options;
using Reference.Ordering.Tests.Fixtures;
using Reference.Testing;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

[Collection(CheckoutCollection.Name)]
public sealed class TelemetryAndConfigurationTests(CheckoutFixture system)
{
    [Fact]
    public async Task Checkout_outcomes_and_payment_attempts_are_exported_as_metrics()
    {
        using var placed = await system.Client.PlaceAsync(NewKey(), OneItem("olivia"));
        await Problem.AssertStatusAsync(HttpStatusCode.Created, placed);

        var metrics = await system.Client.GetStringAsync("/metrics");

        Assert.Contains("ordering_orders_total{", metrics);
        Assert.Contains("ordering_payment_attempts_total{", metrics);
        Assert.Contains("pipeline_name=\"payments\"", metrics);
    }

    [Fact]
    public async Task Readiness_is_healthy_when_postgres_answers()
    {
        using var response = await system.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("postgres-orderingdb", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Ordering:Payments:AttemptTimeout", "00:00:05")]             // longer than the total budget
    [InlineData("Ordering:Settlement:ClaimLease", "00:00:01")]               // shorter than two payment budgets
    [InlineData("Ordering:Payments:BreakerFailureRatio", "0")]
    [InlineData("Ordering:Settlement:BatchSize", "0")]
    public void Unsafe_settings_stop_the_service_at_start(string key, string value)
    {
        using var ordering = system.CreateOrdering(overrides: new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => ordering.CreateClient());

        Assert.True(error is OptionsValidationException || error.InnerException is OptionsValidationException,
            $"Expected an options validation failure for {key}={value}, got {error.GetType().Name}: {error.Message}");
    }
}
