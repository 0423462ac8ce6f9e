// The edge of the system: the storefront page, buyer tokens (POST /api/buyers), YARP routes to the services, and load shedding
// (per-client rate limit, global concurrency limit) in front of both, and each request's SLO journey
// as a tag on its request-duration metric; the load harness's requests are counted as synthetic.
using Reference.Gateway.Infrastructure;
using Reference.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddLoadShedding();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseJourneyTags();
app.UseSyntheticTrafficCount();
app.UseLoadShedding();

app.MapStorefront();
app.MapBuyersApi();
app.MapServiceRoutes();

app.Run();
