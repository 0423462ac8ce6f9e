using Reference.Chaos.FaultProxy.Model;
using Reference.Chaos.FaultProxy.Toxics;

namespace Reference.Chaos.FaultProxy.Faults;

/// <summary>A fault in force: what the API shows, and the toxic the connections run (null for down, which the listener enforces).</summary>
public sealed record ActiveFault(Fault View, IToxic? Toxic)
{
    public string Id => View.Id;

    public bool Affects(FaultDirection direction) =>
        View.Direction == FaultDirection.Both || View.Direction == direction;
}

/// <summary>An immutable snapshot of the faults in force; <see cref="Version"/> changes with every add or removal.</summary>
public sealed record ActiveFaults(long Version, IReadOnlyList<ActiveFault> Faults)
{
    public static readonly ActiveFaults None = new(0, []);

    public bool IsDown => Faults.Any(f => f.View.Kind == FaultKind.Down);
}
