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
            await Shopper.AssertStatusAsync(HttpStatusCode.Created, response);
        }

        // Exporters batch (1 s under the AppHost): wait until every hop has arrived, the gateway's
        // server span (which ends last) included. "The checkout" is the attempt that answered 201
        // (the shopper retries a 503, which would add an earlier attempt to the same trace).
        SpanRecord[] trace = [];
        await Eventually.UntilAsync(() =>
        {
            trace = system.Telemetry.Spans().Where(s => s.TraceId == traceId).ToArray();
            return Created(trace, "gateway") is { } gatewayServer && gatewayServer.ParentSpanId == callerSpanId
                && Created(trace, "ordering") is not null
                && new[] { "catalog", "payments" }.All(service => trace.Any(s => s.Resource.ServiceName == service && s.Kind == SpanKind.Server));
        }, $"server spans of gateway, ordering, catalog and payments with trace id {traceId}", TimeSpan.FromSeconds(30));

        output.WriteLine($"trace {traceId}, {trace.Length} spans, {shopper.Retries} retried 503(s) (parent: the test's traceparent span {callerSpanId}):");
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
        var gatewayServer = Created(trace, "gateway")!;
        Assert.Equal(callerSpanId, gatewayServer.ParentSpanId);
        // ordering server span ← a gateway client span ← the gateway server span.
        var orderingServer = Created(trace, "ordering")!;
        var gatewayClient = Parent(orderingServer);
        Assert.NotNull(gatewayClient);
        Assert.Equal(("gateway", SpanKind.Client), (gatewayClient.Resource.ServiceName, gatewayClient.Kind));
        Assert.True(Descends(gatewayClient, gatewayServer), "The gateway's client span should descend from its server span.");

        // catalog and payments server spans ← ordering client spans ← the ordering server span.
        foreach (var service in new[] { "catalog", "payments" })
        {
            var servers = trace.Where(s => s.Resource.ServiceName == service && s.Kind == SpanKind.Server && Descends(s, orderingServer)).ToList();
            Assert.True(servers.Count > 0, $"No {service} server span descends from ordering's server span.");
            foreach (var server in servers)
            {
                var client = Parent(server);
                Assert.NotNull(client);
                Assert.Equal(("ordering", SpanKind.Client), (client.Resource.ServiceName, client.Kind));
            }
        }
    }

    /// <summary>The server span of <paramref name="service"/> that answered 201 Created.</summary>
    private static SpanRecord? Created(IEnumerable<SpanRecord> trace, string service) =>
        trace.FirstOrDefault(s => s.Resource.ServiceName == service && s.Kind == SpanKind.Server && s.Attribute("http.response.status_code") == "201");

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
