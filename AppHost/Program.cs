// The system, declared: what runs, what each part references and waits for. `./reference up` runs
// this; the end-to-end, UI and load suites start exactly this through Aspire.Hosting.Testing.
var options = LocalRunDefaults.Options(args);
var builder = DistributedApplication.CreateBuilder(options).UseLocalRunDefaults(options).WithPracticeEnvironment().WithStartupProgress().WithRunFile();

var postgres = builder.AddLocalPostgres("postgres").WithRestartOnCrash().WithProcessFaults().WithFaultProxy();
var catalogDb = postgres.AddDatabase("catalogdb");
var orderingDb = postgres.AddDatabase("orderingdb");
// Payments simulates a third-party provider; its ledger is the provider's, which in production lives on the
// provider's side. It shares our server only because this machine has one, so our Postgres faults skip it:
// with them, +200 ms on our database also slowed every charge and failed the postgres-latency experiment.
var paymentsDb = postgres.AddDatabase("paymentsdb").WithoutFaultProxy();
var cache = builder.AddLocalRedis("cache").WithRestartOnCrash().WithProcessFaults().WithFaultProxy();

var adminKey = builder.AddParameter("admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
// Signs the anonymous buyer tokens the gateway issues; Basket and Ordering verify them (docs/api.md "Buyers").
var buyerTokenKey = builder.AddParameter("buyer-token-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

var catalog = builder.AddProjectReplicas<Projects.Catalog>("catalog", replicas: 2)
    .WithReference(catalogDb).WaitFor(catalogDb)
    .WithReference(cache).WaitFor(cache)
    .Each(replica => replica.WithEnvironment("Admin__ApiKey", adminKey))
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithProcessFaults();

var payments = builder.AddProject<Projects.Payments>("payments", launchProfileName: null)
    .WithLoopbackHttpEndpoint()
    .WithReference(paymentsDb).WaitFor(paymentsDb)
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithProcessFaults()
    .WithFlakyCommand(adminKey);

var basket = builder.AddProject<Projects.Basket>("basket", launchProfileName: null)
    .WithLoopbackHttpEndpoint()
    .WithReference(cache).WaitFor(cache)
    .WithReference(catalog).WaitFor(catalog)
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithEnvironment("BuyerTokens__SigningKey", buyerTokenKey)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithProcessFaults();

var ordering = builder.AddProject<Projects.Ordering>("ordering", launchProfileName: null)
    .WithLoopbackHttpEndpoint()
    .WithReference(orderingDb).WaitFor(orderingDb)
    .WithReference(catalog).WaitFor(catalog)
    .WithReference(payments).WaitFor(payments)
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithEnvironment("BuyerTokens__SigningKey", buyerTokenKey)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithProcessFaults();

var gateway = builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
    .WithLoopbackHttpEndpoint(port: builder.GatewayPortSetting())
    .WithReference(catalog).WaitFor(catalog)
    .WithReference(basket).WaitFor(basket)
    .WithReference(ordering).WaitFor(ordering)
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithEnvironment("BuyerTokens__SigningKey", buyerTokenKey)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithProcessFaults()
    .WithStartupSummary();

// SLOs: scrapes every service's /metrics and evaluates the rules generated from Slos/slos.json (deploy/prometheus);
// the fault proxies' too, whose gauge of faults in force marks chaos on the SLO page.
var prometheus = builder.AddLocalPrometheus("prometheus")
    .WithScrapeTargets(catalog)
    .WithScrapeTargets(payments, basket, ordering, gateway)
    .WithFaultProxyScrapeTargets()
    .WithRestartOnCrash();

// Per journey: SLIs, burn rates, budget left with its policy state, alerts firing. It reads Prometheus only.
builder.AddProject<Projects.SloPage>("slo-page", launchProfileName: null)
    .WithLoopbackHttpEndpoint()
    .WithEnvironment("Prometheus__Url", prometheus.GetEndpoint("http"))
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash();

builder.AddChaosControl(adminKey);

builder.Build().Run();
