using Microsoft.Extensions.Options;
using Reference.Payments.Model;
using Reference.ServiceDefaults;

namespace Reference.Payments.Infrastructure;

/// <summary>Puts the behaviour configured in <c>Payments:LatencyMs</c> and <c>Payments:FailureRate</c> in force at start, with no expiry.</summary>
public sealed class ProviderBehaviourAtStart(ChaosSwitchboard board, IOptions<PaymentsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ProviderChaos.SetBehaviour(board, new ProviderBehaviour(options.Value.LatencyMs, options.Value.FailureRate), ttl: null);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
