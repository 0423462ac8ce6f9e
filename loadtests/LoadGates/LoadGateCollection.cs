namespace Reference.LoadGates;

/// <summary>
/// Every gate shares one running system and runs alone: gates measure, so nothing else may compete
/// for the two cores while they do (xunit runs a collection's tests one after another, and
/// <c>DisableParallelization</c> keeps other collections from running beside it).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadGateCollection : ICollectionFixture<SystemUnderLoad>
{
    public const string Name = "load gates";
    public const string Category = "LoadGate";
}
