using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Reference.AppHost.Supervision;

namespace Reference.AppHost.Control;

/// <summary>
/// The AppHost's control API (docs/api.md): list resources, stop/start/restart/kill a resource or one
/// replica, read logs after a sequence number. Loopback only, behind a bearer token printed at start
/// and handed to the dashboard.
/// </summary>
internal sealed class ControlApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlApi(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ControlApi> StartAsync(RunContext context, int? port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Our own listener, whatever ASPNETCORE_URLS the AppHost inherited.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port ?? 0));
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.Use(RequireBearerToken(context.ControlToken));
        ControlEndpoints.Map(app, context);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ControlApi(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>401 unless <c>Authorization: Bearer &lt;token&gt;</c> carries this run's token (compared in constant time).</summary>
    private static Func<HttpContext, RequestDelegate, Task> RequireBearerToken(string token)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return (http, next) =>
        {
            var given = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString());
            if (CryptographicOperations.FixedTimeEquals(given, expected)) return next(http);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Send the token the AppHost printed at start: Authorization: Bearer <token>.").ExecuteAsync(http);
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
