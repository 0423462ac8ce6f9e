extern alias ordering;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ordering::Reference.Ordering.Infrastructure;
using ordering::Reference.Ordering.Model;
using Reference.ServiceDefaults;
using Reference.Testing;

namespace Reference.Ordering.Tests;

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<PostgresRedisFixture>
{
    public const string Name = "database";
}

/// <summary>The storage rules replicas rely on, checked directly against Postgres with several "replicas" at once.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DatabaseTests(PostgresRedisFixture fixture)
{
    [Fact]
    public async Task Replicas_migrating_at_once_apply_each_migration_exactly_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("ordering_migrate"));

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new OrderingDatabaseInitializer(dataSource, NullLogger<OrderingDatabaseInitializer>.Instance).InitializeAsync(CancellationToken.None)));

        var migrations = OrderingDatabaseInitializer.Migrations.Count;
        Assert.Equal(migrations, applied.Sum());
        Assert.Equal(1, applied.Count(a => a > 0));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)migrations, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Workers_claiming_due_orders_at_once_never_claim_the_same_order()
    {
        await using var dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("ordering_claims"));
        await new OrderingDatabaseInitializer(dataSource, NullLogger<OrderingDatabaseInitializer>.Instance).InitializeAsync(CancellationToken.None);
        var repository = new OrderRepository(dataSource, ChaosPipelines.Off);
        const int orders = 60;
        for (var i = 0; i < orders; i++)
        {
            var order = new Order(Guid.CreateVersion7(), "buyer", OrderStatus.PendingPayment, 10m,
                [new OrderItem(1, "Product 1", 1, 10m)], DateTimeOffset.UtcNow);
            await repository.CreateAsync(order, $"key-{i}", "hash", DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        }

        // Four "replicas", each with its own repository and connections, claim in small batches until the queue is empty.
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var replica = new OrderRepository(dataSource, ChaosPipelines.Off);
            var mine = new List<Guid>();
            while (await replica.ClaimDueAsync(batchSize: 5, lease: TimeSpan.FromMinutes(5), CancellationToken.None) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(o => o.Id));
            }
            return mine;
        }));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(orders, all.Count);
        Assert.Equal(orders, all.Distinct().Count());
    }

    [Fact]
    public async Task A_recorded_payment_answer_is_final()
    {
        await using var dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("ordering_final"));
        await new OrderingDatabaseInitializer(dataSource, NullLogger<OrderingDatabaseInitializer>.Instance).InitializeAsync(CancellationToken.None);
        var repository = new OrderRepository(dataSource, ChaosPipelines.Off);
        var order = new Order(Guid.CreateVersion7(), "buyer", OrderStatus.PendingPayment, 10m, [new OrderItem(1, "Product 1", 1, 10m)], DateTimeOffset.UtcNow);
        await repository.CreateAsync(order, "final-key", "hash", DateTimeOffset.UtcNow, CancellationToken.None);

        var first = await repository.CompletePaymentAsync(order.Id, OrderStatus.Paid, Guid.NewGuid(), CancellationToken.None);
        var late = await repository.CompletePaymentAsync(order.Id, OrderStatus.Declined, Guid.NewGuid(), CancellationToken.None);

        Assert.True(first);
        Assert.False(late);
        Assert.Equal(OrderStatus.Paid, (await repository.GetAsync(order.Id, CancellationToken.None))!.Status);
    }
}
