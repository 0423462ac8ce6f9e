using System.Net;
using System.Security.Cryptography;
using Reference.Dashboard.Storage;
using Reference.Testing;
using Xunit.Abstractions;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// One checkout is one trace across gateway → ordering → catalog and payments, judged on the spans the
/// services actually exported over OTLP (received by the dashboard's own receiver, in this process).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class TraceTests(SystemFixture system, ITestOutputHelper output)
{
    private static readonly string[] Services = ["gateway", "ordering", "catalog", "payments"];

    [Fact]
    public async Task A_checkout_is_one_trace_from_the_gateway_through_ordering_to_catalog_and_payments()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var shopper = new Shopper(gateway, Shopper.NewBuyerId());
        var basket = await shopper.FillBasketAsync();
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var callerSpanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        using (var response = await shopper.CheckoutAsync(basket, Guid.NewGuid().ToString(), $"00-{traceId}-{callerSpanId}-01"))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Exporters batch (1 s under the AppHost): wait until every hop has arrived, the gateway's
        // server span (which ends last) included.
        SpanRecord[] trace = [];
        await Eventually.UntilAsync(() =>
        {
            trace = system.Telemetry.Spans().Where(s => s.TraceId == traceId).ToArray();
            return ServerSpan(trace, "gateway", callerSpanId) is not null
                && Services.All(service => trace.Any(s => s.Resource.ServiceName == service && s.Kind == SpanKind.Server));
        }, $"server spans of {string.Join(", ", Services)} with trace id {traceId}", TimeSpan.FromSeconds(30));

        output.WriteLine($"trace {traceId}, {trace.Length} spans:");
        foreach (var line in Tree(trace, callerSpanId)) output.WriteLine(line);

        var byId = trace.ToDictionary(s => s.SpanId);
        SpanRecord? Parent(SpanRecord span) => byId.GetValueOrDefault(span.ParentSpanId);
        bool Descends(SpanRecord span, SpanRecord ancestor)
        {
            for (var p = Parent(span); p is not null; p = Parent(p))
            {
                if (p.SpanId == ancestor.SpanId) return true;
            }
            return false;
        }

        // gateway server span: child of the caller's traceparent.
        var gatewayServer = ServerSpan(trace, "gateway", callerSpanId)!;
        // ordering server span ← a gateway client span ← the gateway server span.
        var orderingServer = Assert.Single(trace, s => s.Resource.ServiceName == "ordering" && s.Kind == SpanKind.Server);
        var gatewayClient = Parent(orderingServer);
        Assert.NotNull(gatewayClient);
        Assert.Equal(("gateway", SpanKind.Client), (gatewayClient.Resource.ServiceName, gatewayClient.Kind));
        Assert.True(Descends(gatewayClient, gatewayServer), "The gateway's client span should descend from its server span.");

        // catalog and payments server spans ← ordering client spans ← the ordering server span.
        foreach (var service in new[] { "catalog", "payments" })
        {
            var server = trace.First(s => s.Resource.ServiceName == service && s.Kind == SpanKind.Server);
            var client = Parent(server);
            Assert.NotNull(client);
            Assert.Equal(("ordering", SpanKind.Client), (client.Resource.ServiceName, client.Kind));
            Assert.True(Descends(client, orderingServer), $"ordering's call to {service} should descend from its server span.");
        }
    }

    private static SpanRecord? ServerSpan(IEnumerable<SpanRecord> trace, string service, string parentSpanId) =>
        trace.FirstOrDefault(s => s.Resource.ServiceName == service && s.Kind == SpanKind.Server && s.ParentSpanId == parentSpanId);

    /// <summary>The trace hop by hop: one line per span, indented under its parent, in start order.</summary>
    private static IEnumerable<string> Tree(IReadOnlyCollection<SpanRecord> trace, string rootParentId)
    {
        var children = trace.ToLookup(s => s.ParentSpanId);
        IEnumerable<string> Walk(string parentId, int depth) =>
            children[parentId].OrderBy(s => s.Start).SelectMany(s =>
                Walk(s.SpanId, depth + 1).Prepend(
                    $"{new string(' ', depth * 2)}{s.Resource.ServiceName} [{s.Kind}] {s.Name} ({s.Duration.TotalMilliseconds:0.#} ms){Status(s)}"));
        return Walk(rootParentId, 0);
    }

    private static string Status(SpanRecord span) =>
        span.Attribute("http.response.status_code") is { } code ? $" → {code}" : "";
}
