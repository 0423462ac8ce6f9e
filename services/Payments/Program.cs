// Payments: a simulated third-party payment provider. It authorises or declines deterministically and
// can be made slow or flaky at run time (PUT /api/payments/behaviour, on ServiceDefaults' chaos strategies), so experiments can rehearse a
// misbehaving dependency without touching the code that calls it.
using Reference.Payments.Apis;
using Reference.Payments.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPaymentsApi();

app.Run();
