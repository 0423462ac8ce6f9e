using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A Redis server from the machine's <c>redis-server</c> as an executable resource: what <c>AddRedis</c>
/// gives with a container engine, without one. Password-protected, bounded in memory, durable to the second.
/// </summary>
public sealed class LocalRedisResource(string name, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, Environment.GetEnvironmentVariable("REFERENCE_REDIS_SERVER") ?? "redis-server", workingDirectory: dataDirectory),
      IResourceWithConnectionString
{
    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    /// <summary>The StackExchange.Redis form, as Aspire's container resource writes it.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={Password}");
}
