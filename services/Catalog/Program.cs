using Reference.Catalog.Apis;
using Reference.Catalog.Extensions;

// The catalogue: products in Postgres, cache-aside in Redis. Everything else is in the files named below.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCatalogApi();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
