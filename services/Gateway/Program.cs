// The edge of the system: the storefront page, YARP routes to the services, and load shedding
// (per-client rate limit, global concurrency limit) in front of both.
using Reference.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddLoadShedding();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseLoadShedding();

app.MapStorefront();
app.MapServiceRoutes();

app.Run();
