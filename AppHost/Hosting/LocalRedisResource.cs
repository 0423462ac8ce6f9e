using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A Redis server from the machine's <c>redis-server</c> as an executable resource: what <c>AddRedis</c>
/// gives with a container engine, without one. Password-protected, bounded in memory, durable to the second.
/// </summary>
public sealed class LocalRedisResource(string name, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, Environment.GetEnvironmentVariable("REFERENCE_REDIS_SERVER") ?? "redis-server", workingDirectory: dataDirectory),
      IResourceWithConnectionString, IResourceWithFaultProxy
{
    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource Password { get; } = password;

    public EndpointReference ServerEndpoint => new(this, "tcp");

    public EndpointReference? FaultProxyEndpoint { get; set; }

    /// <summary>The StackExchange.Redis form, as Aspire's container resource writes it; through the fault proxy when there is one.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{(FaultProxyEndpoint ?? ServerEndpoint).Property(EndpointProperty.Port)},password={Password}");
}
