using Npgsql;
using Reference.Catalog.Infrastructure;
using Reference.Testing;

namespace Reference.Catalog.Tests.Integration;

/// <summary>Start-up brings the schema forward exactly once, however many replicas start and however often.</summary>
[Collection(CatalogCollection.Name)]
public sealed class MigrationTests(CatalogFixture fixture)
{
    [Fact]
    public async Task Restarting_applies_no_migration_twice_and_does_not_seed_again()
    {
        var database = await fixture.FreshStateAsync();
        await using (new CatalogApp(database, fixture.Redis.ConnectionString).Started()) { }
        var firstRows = await MigrationRowsAsync(database);
        var firstCount = await ScalarAsync<long>(database, "SELECT count(*) FROM catalog_items");

        await using (var again = new CatalogApp(database, fixture.Redis.ConnectionString).Started())
        {
            Assert.Equal(CatalogSeed.Items.Count, (await again.CreateClient().GetPageAsync("?pageSize=1")).Count);
        }

        Assert.Equal(CatalogDatabaseInitializer.Migrations.Select(m => m.Version), firstRows.Select(r => r.Version));
        Assert.Equal(firstRows, await MigrationRowsAsync(database));
        Assert.Equal(CatalogSeed.Items.Count, firstCount);
        Assert.Equal(firstCount, await ScalarAsync<long>(database, "SELECT count(*) FROM catalog_items"));
    }

    [Fact]
    public async Task Two_instances_starting_together_apply_each_migration_once_and_seed_once()
    {
        var database = await fixture.FreshStateAsync();
        await using var first = new CatalogApp(database, fixture.Redis.ConnectionString);
        await using var second = new CatalogApp(database, fixture.Redis.ConnectionString);

        await Task.WhenAll(Task.Run(first.Started), Task.Run(second.Started));

        Assert.Equal(CatalogDatabaseInitializer.Migrations.Select(m => m.Version), (await MigrationRowsAsync(database)).Select(r => r.Version));
        Assert.Equal(CatalogSeed.Items.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM catalog_items"));
        Assert.Equal(CatalogSeed.Items.Count, (await first.CreateClient().GetPageAsync("?pageSize=1")).Count);
        Assert.Equal(CatalogSeed.Items.Count, (await second.CreateClient().GetPageAsync("?pageSize=1")).Count);
    }

    [Fact]
    public async Task A_starting_instance_waits_while_another_holds_the_migration_lock()
    {
        var database = await fixture.FreshStateAsync();
        await using var holder = new NpgsqlConnection(database);
        await holder.OpenAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({CatalogDatabaseInitializer.MigrationLockKey})");

        await using var app = new CatalogApp(database, fixture.Redis.ConnectionString);
        var starting = Task.Run(app.Started);
        await Eventually.UntilAsync(async () => await ScalarAsync<long>(database,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1,
            "the starting instance to wait for the migration lock");

        Assert.False(starting.IsCompleted, "start-up must not finish while another instance holds the lock");
        Assert.False(await ScalarAsync<bool>(database, "SELECT to_regclass('catalog_items') IS NOT NULL"), "nothing may be migrated without the lock");

        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({CatalogDatabaseInitializer.MigrationLockKey})");
        await starting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CatalogSeed.Items.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM catalog_items"));
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_start_up()
    {
        var database = await fixture.FreshStateAsync();
        await using (new CatalogApp(database, fixture.Redis.ConnectionString).Started()) { }
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        await using var app = new CatalogApp(database, fixture.Redis.ConnectionString);
        var error = Record.Exception(() => app.Started());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("was changed after it was applied", messages);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
            }
        }
    }

    private sealed record MigrationRow(int Version, string Name, string Checksum, DateTime AppliedAt);

    private static async Task<List<MigrationRow>> MigrationRowsAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MigrationRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new MigrationRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3)));
        }
        return rows;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
