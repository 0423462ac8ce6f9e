// Placeholder until the Services issue fills it: a service with the shared defaults and nothing else.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
