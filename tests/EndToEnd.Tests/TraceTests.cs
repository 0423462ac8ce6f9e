using System.Net;
using System.Security.Cryptography;
using Reference.Testing;
using Xunit.Abstractions;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// One checkout is one trace across gateway → ordering → catalog, payments and Postgres, judged on the spans
/// the services really exported over OTLP to the Aspire dashboard, read back through its telemetry API.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class TraceTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_checkout_is_one_trace_from_the_gateway_through_ordering_to_catalog_payments_and_postgres()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var shopper = await Shopper.NewAsync(gateway);
        var basket = await shopper.FillBasketAsync();
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var callerSpanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        using (var response = await shopper.CheckoutAsync(basket, Guid.NewGuid().ToString(), $"00-{traceId}-{callerSpanId}-01"))
        {
            await Shopper.AssertStatusAsync(HttpStatusCode.Created, response);
        }

        // Exporters batch: wait until every hop has reached the dashboard, the gateway's server span (which
        // ends last) included. "The checkout" is the attempt that answered 201 (the shopper retries a 503,
        // which would add an earlier attempt to the same trace).
        IReadOnlyList<TraceSpan> trace = [];
        await Eventually.UntilAsync(async () =>
        {
            trace = await system.Traces.GetTraceAsync(traceId);
            return Created(trace, "gateway") is { } gatewayServer && gatewayServer.ParentSpanId == callerSpanId
                && Created(trace, "ordering") is not null
                && trace.Any(s => IsCatalogReplica(s.Service) && s.Kind == SpanKind.Server)
                && trace.Any(s => s.Service == "payments" && s.Kind == SpanKind.Server)
                && trace.Any(s => s.Service == "ordering" && IsPostgres(s));
        }, $"spans of gateway, ordering, a catalog replica, payments and ordering's Postgres calls in the dashboard with trace id {traceId}",
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));

        output.WriteLine($"trace {traceId}: {trace.Count} spans ({string.Join(", ", trace.GroupBy(s => s.Service).Select(g => $"{g.Key} {g.Count()}"))}), "
            + $"{shopper.Retries} retried 503(s); parent: the test's traceparent span {callerSpanId}");
        foreach (var line in Tree(trace, callerSpanId)) output.WriteLine(line);
        shopper.AssertFewRetries();

        var byId = trace.ToDictionary(s => s.SpanId);
        TraceSpan? Parent(TraceSpan span) => byId.GetValueOrDefault(span.ParentSpanId);
        bool Descends(TraceSpan span, TraceSpan ancestor)
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
        Assert.True(gatewayClient is not null, $"ordering's server span has parent {orderingServer.ParentSpanId}, which is not in the trace.");
        Assert.Equal(("gateway", SpanKind.Client), (gatewayClient.Service, gatewayClient.Kind));
        Assert.True(Descends(gatewayClient, gatewayServer), "The gateway's client span should descend from its server span.");

        // catalog (either replica) and payments server spans ← ordering client spans ← the ordering server span.
        foreach (var (callee, isCallee) in new (string, Func<string, bool>)[] { ("catalog", IsCatalogReplica), ("payments", s => s == "payments") })
        {
            var servers = trace.Where(s => isCallee(s.Service) && s.Kind == SpanKind.Server && Descends(s, orderingServer)).ToList();
            Assert.True(servers.Count > 0, $"No {callee} server span descends from ordering's server span.");
            foreach (var server in servers)
            {
                var client = Parent(server);
                Assert.True(client is not null, $"{server.Service}'s server span has parent {server.ParentSpanId}, which is not in the trace.");
                Assert.Equal(("ordering", SpanKind.Client), (client.Service, client.Kind));
            }
        }

        // ordering's own Postgres calls (Npgsql's client spans) are in the same trace, under its server span.
        var postgres = trace.Where(s => s.Service == "ordering" && IsPostgres(s)).ToList();
        Assert.True(postgres.All(s => s.Kind == SpanKind.Client && Descends(s, orderingServer)),
            $"Every Postgres span of ordering should be a client span under its server span: {string.Join("; ", postgres.Select(s => $"{s.Kind} {s.Name} parent {s.ParentSpanId}"))}");
        Assert.Contains(postgres, s => s.Attribute("db.namespace") == "orderingdb");
    }

    /// <summary>The two Catalog replicas are resources of their own, so they export as <c>catalog-0</c> and <c>catalog-1</c>.</summary>
    private static bool IsCatalogReplica(string service) => service.StartsWith("catalog-", StringComparison.Ordinal);

    /// <summary>Npgsql writes the newer <c>db.system.name</c>; older instrumentation wrote <c>db.system</c>.</summary>
    private static bool IsPostgres(TraceSpan span) => (span.Attribute("db.system.name") ?? span.Attribute("db.system")) == "postgresql";

    /// <summary>The server span of <paramref name="service"/> that answered 201 Created.</summary>
    private static TraceSpan? Created(IEnumerable<TraceSpan> trace, string service) =>
        trace.FirstOrDefault(s => s.Service == service && s.Kind == SpanKind.Server && s.Attribute("http.response.status_code") == "201");

    /// <summary>The trace hop by hop: one line per span, indented under its parent, in start order.</summary>
    private static IEnumerable<string> Tree(IReadOnlyCollection<TraceSpan> trace, string rootParentId)
    {
        var children = trace.ToLookup(s => s.ParentSpanId);
        IEnumerable<string> Walk(string parentId, int depth) =>
            children[parentId].OrderBy(s => s.Start).SelectMany(s =>
                Walk(s.SpanId, depth + 1).Prepend(
                    $"{new string(' ', depth * 2)}{s.Service} [{s.Kind}] {s.Name} ({s.Duration.TotalMilliseconds:0.#} ms){Outcome(s)}"));
        return Walk(rootParentId, 0);
    }

    private static string Outcome(TraceSpan span) =>
        span.Attribute("http.response.status_code") is { } code ? $" → {code}"
        : span.Attribute("db.query.text") is { } query ? $": {query.Split('\n')[0]}"
        : "";
}
