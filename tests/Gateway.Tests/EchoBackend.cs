using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reference.Testing.Hosting;

namespace Reference.Gateway.Tests;

/// <summary>
/// A gateway backend: answers every /api/** request with what it received and who it is, and holds
/// <c>/api/catalog/slow</c> until <see cref="Release"/> — so a test can fill the gateway's concurrency limit.
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private StubServer _server = null!;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    public required string Name { get; init; }
    public string Address => _server.Address;
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// What <c>/health</c> reports, as ServiceDefaults' readiness would: Healthy and Degraded answer 200,
    /// Unhealthy answers 503.
    /// </summary>
    public string Readiness { get; set; } = "Healthy";

    /// <summary>While true, every /api request has its connection reset before an answer, as a killed process's would be.</summary>
    public bool ResetConnections { get; set; }

    public static async Task<EchoBackend> StartAsync(string name)
    {
        var backend = new EchoBackend { Name = name };
        backend._server = await StubServer.StartAsync(app =>
        {
            app.MapGet("/health", () => Results.Json(new { status = backend.Readiness },
                statusCode: backend.Readiness == "Unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK));
            app.MapGet("/api/catalog/slow", async () =>
            {
                Interlocked.Increment(ref backend._inFlight);
                try { await backend._gate.Task; }
                finally { Interlocked.Decrement(ref backend._inFlight); }
                return Results.Ok(new { backend = backend.Name });
            });
            app.Map("/api/{**rest}", async (HttpContext context) =>
            {
                if (backend.ResetConnections)
                {
                    context.Abort();
                    return Results.Empty;
                }
                using var reader = new StreamReader(context.Request.Body);
                return Results.Ok(new
                {
                    backend = backend.Name,
                    method = context.Request.Method,
                    path = context.Request.Path.Value,
                    query = context.Request.QueryString.Value,
                    idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString(),
                    body = await reader.ReadToEndAsync(),
                });
            });
        });
        return backend;
    }

    /// <summary>Lets every held slow request finish.</summary>
    public void Release() => _gate.TrySetResult();

    public Task StopAsync()
    {
        Release();
        return _server.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _server.DisposeAsync();
    }
}
