using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Reference.Chaos.FaultProxy.Client;
using Reference.Testing;
using Xunit.Abstractions;

namespace Reference.Catalog.Tests.Integration;

/// <summary>
/// Cache-aside under concurrency, with two real replicas: a read that missed before a write must not
/// leave the old row cached after the write's invalidation, and a burst of misses for one key (as after
/// a version bump) reaches Postgres once per replica, not once per request.
/// </summary>
[Collection(CatalogCollection.Name)]
public sealed class CacheConsistencyTests(CatalogFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How long the proxy holds back the slow replica's answers: the window the write happens in.</summary>
    private static readonly TimeSpan HeldBack = TimeSpan.FromSeconds(2);

    private const string ItemSelect = "FROM catalog_items WHERE id = $1";
    private const string PageCount = "SELECT count(*) FROM catalog_items";

    private string _database = null!;
    private PostgresBehindProxy _proxy = null!;
    private PostgresStatementLog _statements = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureRedisRunningAsync();
        await fixture.EnsurePostgresRunningAsync();
        _database = await fixture.FreshStateAsync();
        _statements = await PostgresStatementLog.EnableAsync(fixture.Postgres, _database);
        _proxy = PostgresBehindProxy.Start(fixture.Postgres);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task A_read_that_missed_before_a_write_does_not_leave_the_old_price_cached()
    {
        await using var writer = await new CatalogApp(_database, fixture.Redis.ConnectionString).ReadyAsync();
        await using var slowReader = await new CatalogApp(_proxy.Through(_database), fixture.Redis.ConnectionString).ReadyAsync();
        using var admin = writer.CreateAdminClient();
        var reader = slowReader.CreateClient();
        var before = await writer.CreateClient().GetItemAsync(7);
        await fixture.Cache.ExecuteAsync("FLUSHALL");

        // The slow replica misses and asks Postgres, which answers at once with the old row; the proxy
        // holds that answer back while the other replica writes and invalidates.
        var fault = await _proxy.Faults.AddAsync(FaultSpec.Latency(HeldBack) with { Direction = FaultDirection.Downstream });
        try
        {
            _statements.Mark();
            var read = Timed(reader.GetAsync("/api/catalog/items/7"));
            await _statements.WaitForAsync(ItemSelect, TimeSpan.FromSeconds(5));

            var put = await Timed(admin.PutAsJsonAsync("/api/catalog/items/7", new { before.Name, before.Description, price = before.Price + 1m, before.Brand, before.Type }));
            Assert.Equal(HttpStatusCode.OK, put.Response.StatusCode);
            var (readResponse, readDone) = await read;
            Assert.True(put.Done < readDone,
                "the write must finish while the slow read's answer is held back, or this test shows nothing; the machine may be too busy");
            Assert.Equal(before.Price, (await readResponse.Content.ReadFromJsonAsync<Model.CatalogItem>(Json.Web))!.Price);
        }
        finally
        {
            await _proxy.Faults.RemoveAsync(fault.Id);
        }

        // Every replica, and whatever the cache now holds, must show the new price.
        Assert.Equal(before.Price + 1m, (await reader.GetItemAsync(7)).Price);
        Assert.Equal(before.Price + 1m, (await writer.CreateClient().GetItemAsync(7)).Price);
    }

    [Fact]
    public async Task A_burst_of_misses_for_one_page_after_a_version_bump_reaches_postgres_once()
    {
        await using var app = await new CatalogApp(_proxy.Through(_database), fixture.Redis.ConnectionString).ReadyAsync();
        var client = app.CreateClient();
        await client.GetPageAsync("?pageSize=12&type=Tents");
        using var admin = app.CreateAdminClient();
        var item = await client.GetItemAsync(1);
        // A write bumps the page version: every cached page is retired at once.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/catalog/items/1", new { item.Name, item.Description, price = item.Price + 1m, item.Brand, item.Type })).StatusCode);

        // Each answer held back 300 ms, so the burst's misses overlap as a busy replica's would.
        var fault = await _proxy.Faults.AddAsync(FaultSpec.Latency(TimeSpan.FromMilliseconds(300)) with { Direction = FaultDirection.Downstream });
        _statements.Mark();
        var pages = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetPageAsync("?pageSize=12&type=Tents")));
        await _proxy.Faults.RemoveAsync(fault.Id);

        Assert.All(pages, page => Assert.Equal(12, page.Data.Count));
        var queries = await _statements.CountSettledAsync(PageCount);
        output.WriteLine($"40 concurrent misses for one page: {queries} page query(ies) reached Postgres");
        // One flight per key; a request that checked the cache just before the filled page landed and reached
        // the flight table just after it closed may start a second.
        Assert.True(queries <= 2, $"40 concurrent misses for one page sent {queries} queries to Postgres; expected them coalesced into one");
    }

    private static async Task<(HttpResponseMessage Response, long Done)> Timed(Task<HttpResponseMessage> request)
    {
        var response = await request;
        return (response, Stopwatch.GetTimestamp());
    }
}
