using Npgsql;
using Polly;
using Reference.ServiceDefaults;
using Reference.Catalog.Model;

namespace Reference.Catalog.Infrastructure;

/// <summary>Products in Postgres, plain SQL through the shared <see cref="NpgsqlDataSource"/> (timeouts, tracing and metrics come with it).</summary>
public sealed class CatalogRepository(NpgsqlDataSource dataSource, ChaosPipelines chaos)
{
    public const string ConnectionName = "catalogdb";

    private readonly ResiliencePipeline _db = chaos.For(ConnectionName);
    private const string Columns = "id, name, description, price, brand, type";

    public async Task<CatalogItem?> GetItemAsync(int id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog_items WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The page and the total count in one round trip (a batch of two statements).</summary>
    public async Task<CatalogPage> GetPageAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        // NULL filters match everything, so one statement shape serves every combination.
        const string Filter = "($1::varchar IS NULL OR brand = $1) AND ($2::varchar IS NULL OR type = $2)";
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(WithFilter(new NpgsqlBatchCommand($"SELECT count(*) FROM catalog_items WHERE {Filter}"), query));
        var page = WithFilter(new NpgsqlBatchCommand($"SELECT {Columns} FROM catalog_items WHERE {Filter} ORDER BY id LIMIT $3 OFFSET $4"), query);
        page.Parameters.Add(new() { Value = query.PageSize });
        page.Parameters.Add(new() { Value = (long)query.PageIndex * query.PageSize });
        batch.BatchCommands.Add(page);

        await using var reader = await RoundTrip(batch.ExecuteReaderAsync, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<CatalogItem>(query.PageSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }
        return new CatalogPage(query.PageIndex, query.PageSize, count, items);
    }

    public async Task<CatalogItem> CreateAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO catalog_items (name, description, price, brand, type) VALUES ($1, $2, $3, $4, $5) RETURNING {Columns}");
        AddValues(command.Parameters, item);
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    /// <summary>The updated item, or null when no item has that id.</summary>
    public async Task<CatalogItem?> UpdateAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE catalog_items SET name = $1, description = $2, price = $3, brand = $4, type = $5, updated_at = now() WHERE id = $6 RETURNING {Columns}");
        AddValues(command.Parameters, item);
        command.Parameters.Add(new() { Value = item.Id });
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Every round trip runs through the <c>catalogdb</c> chaos pipeline (ServiceDefaults' ChaosPipelines), so
    /// /admin/chaos can fail or slow it; with chaos off the pipeline is empty.
    /// </summary>
    private ValueTask<T> RoundTrip<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _db.ExecuteAsync(static async (call, token) => await call(token), call, cancellationToken);

    private static NpgsqlBatchCommand WithFilter(NpgsqlBatchCommand command, CatalogQuery query)
    {
        command.Parameters.Add(new() { Value = (object?)query.Brand ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = (object?)query.Type ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        return command;
    }

    private static void AddValues(NpgsqlParameterCollection parameters, CatalogItem item)
    {
        parameters.Add(new() { Value = item.Name });
        parameters.Add(new() { Value = item.Description });
        parameters.Add(new() { Value = item.Price });
        parameters.Add(new() { Value = item.Brand });
        parameters.Add(new() { Value = item.Type });
    }

    private static CatalogItem Read(NpgsqlDataReader reader) =>
        new(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetString(4), reader.GetString(5));
}
