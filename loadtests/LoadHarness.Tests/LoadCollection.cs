namespace Reference.Load.Tests;

/// <summary>Tests that put real load on loopback run one at a time: on a 2-core machine two of them at
/// once would measure each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "loopback load";
}
