using System.Net.Sockets;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>AUTH and PING over Redis's wire protocol: healthy when both answer +OK and +PONG.</summary>
internal sealed class RedisPingHealthCheck(LocalRedisResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.ServerEndpoint.IsAllocated) return HealthCheckResult.Unhealthy("no port allocated yet");
        try
        {
            var password = await redis.Password.GetValueAsync(cancellationToken);
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", redis.ServerEndpoint.Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {password}\r\nPING\r\n"), cancellationToken);
            var answer = new StringBuilder();
            var buffer = new byte[128];
            while (!answer.ToString().Contains("+PONG") && !answer.ToString().Contains('-'))
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0) break;
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return answer.ToString().StartsWith("+OK\r\n+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"unexpected answer: {answer.ToString().Trim()}");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
