using Reference.Payments.Model;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// The provider's current behaviour. Read by the chaos strategies on every call, so a PUT takes
/// effect on the next request without a restart. One immutable record swapped atomically: a reader
/// never sees the latency of one setting with the failure rate of another.
/// </summary>
public sealed class BehaviourSwitch(ProviderBehaviour initial)
{
    private volatile ProviderBehaviour _current = initial;

    public ProviderBehaviour Current => _current;

    public void Set(ProviderBehaviour behaviour) => _current = behaviour;
}
