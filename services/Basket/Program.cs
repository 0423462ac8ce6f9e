// Baskets in Redis (the store, not a cache), items checked against Catalog with a degraded path
// when Catalog cannot be reached. The whole surface is in Apis/BasketApi.cs.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapBasketApi();

app.Run();
