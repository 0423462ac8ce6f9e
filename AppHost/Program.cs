using Reference.AppHost;

// The system is declared in SystemModel.cs, so tests start exactly what `./reference up` starts.
var builder = ReferenceApp.CreateBuilder(args);
SystemModel.Declare(builder);
builder.Build().Run();
