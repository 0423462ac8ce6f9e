// A service with nothing but the shared defaults (telemetry, health, problem details, request limits,
// chaos switches) and one endpoint answering 200 "ok". loadtests/bench measures it beside a bare Kestrel
// endpoint: the difference is what ServiceDefaults costs every request of every service.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/", () => "ok");

app.Run();
