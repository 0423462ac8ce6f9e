using Reference.AppHost.Hosting;
using Reference.AppHost.Model;

namespace Reference.AppHost;

/// <summary>
/// The system, declared once: <c>./reference up</c> and every test that starts the system run exactly this.
/// Each service waits for what it calls, so "all Running" means the first request through the gateway
/// works end to end (a basket started before Catalog answers prices its first items as unverified).
/// </summary>
public static class SystemModel
{
    public static void Declare(ReferenceAppBuilder builder)
    {
        builder.AddDashboard("dashboard", "dashboard");

        var postgres = builder.AddPostgres("postgres");
        var catalogDb = postgres.AddDatabase("catalogdb");
        var orderingDb = postgres.AddDatabase("orderingdb");
        var cache = builder.AddRedis("cache");

        var catalog = builder.AddProject("catalog", "services/Catalog")
            .WithReference(catalogDb)
            .WithReference(cache)
            .WaitFor(catalogDb)
            .WaitFor(cache)
            .WithReplicas(2);

        var basket = builder.AddProject("basket", "services/Basket")
            .WithReference(cache)
            .WithReference(catalog)
            .WaitFor(cache)
            .WaitFor(catalog);

        var payments = builder.AddProject("payments", "services/Payments");

        var ordering = builder.AddProject("ordering", "services/Ordering")
            .WithReference(orderingDb)
            .WithReference(catalog)
            .WithReference(payments)
            .WaitFor(orderingDb)
            .WaitFor(catalog)
            .WaitFor(payments);

        builder.AddProject("gateway", "services/Gateway")
            .WithReference(catalog)
            .WithReference(basket)
            .WithReference(ordering)
            .WithHttpEndpoint(port: builder.Options.GatewayPort)
            .WaitFor(catalog)
            .WaitFor(basket)
            .WaitFor(ordering);
    }
}
