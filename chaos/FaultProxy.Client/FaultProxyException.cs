using System.Net;

namespace Reference.Chaos.FaultProxy.Client;

/// <summary>The control API said no; <see cref="Body"/> holds its problem details (for a 400, the field at fault).</summary>
public sealed class FaultProxyException(HttpStatusCode status, string body)
    : Exception($"Fault proxy answered {(int)status} {status}: {body}")
{
    public HttpStatusCode Status { get; } = status;
    public string Body { get; } = body;
}
