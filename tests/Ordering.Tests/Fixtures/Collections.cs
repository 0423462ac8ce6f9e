namespace Reference.Ordering.Tests.Fixtures;

/// <summary>Checkout against healthy neighbours.</summary>
[CollectionDefinition(Name)]
public sealed class CheckoutCollection : ICollectionFixture<CheckoutFixture>
{
    public const string Name = "checkout";
}

/// <summary>Checkout while neighbours fail: Payments flaky, Catalog gone, Postgres stopped.</summary>
[CollectionDefinition(Name)]
public sealed class OutagesCollection : ICollectionFixture<OutagesFixture>
{
    public const string Name = "outages";
}

public sealed class CheckoutFixture : OrderingSystemFixture;

public sealed class OutagesFixture : OrderingSystemFixture;
