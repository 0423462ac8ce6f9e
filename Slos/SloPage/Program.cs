// The SLO page: one Blazor page (static server rendering, FluentUI) that reads Prometheus's HTTP API on every
// request and refreshes itself; the AppHost gives it Prometheus's address (Prometheus__Url).
using Microsoft.FluentUI.AspNetCore.Components;
using Reference.SloPage;
using Reference.SloPage.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPrometheusReader();
builder.Services.AddRazorComponents();
builder.Services.AddFluentUIComponents();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>();
app.MapRunbooks();

app.Run();
