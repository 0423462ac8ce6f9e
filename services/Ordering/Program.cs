// Ordering: orders in Postgres, exactly once per Idempotency-Key. Prices are checked against Catalog,
// payment is taken from Payments through the "payments" resilience pipeline, and orders whose payment
// could not be taken at checkout are settled later by a background worker.
using Reference.Ordering.Apis;
using Reference.Ordering.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOrdersApi();

app.Run();
