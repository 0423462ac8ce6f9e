using Reference.Testing;

namespace Reference.AppHost.Tests;

/// <summary>The system as <c>./reference up</c> declares it, started once for the tests that only look at it or hurt one replica.</summary>
public sealed class WholeSystem : ReferenceSystem;

[CollectionDefinition(Name)]
public sealed class WholeSystemCollection : ICollectionFixture<WholeSystem>
{
    public const string Name = "whole system (AppHost)";
}
