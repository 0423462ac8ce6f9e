using Reference.Chaos.FaultProxy;
using Reference.Chaos.FaultProxy.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddFaultProxy();

var app = builder.Build();
app.MapControlApi();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
