using System.Text.Json;
using Reference.Chaos.Experiments.Model;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// "Browse from the cache" presumes a cache that holds what is browsed. A production catalog's hot
/// set is always in it; a system a minute old has read only part of its catalog. This activity makes
/// the precondition explicit instead of leaving it to chance: it reads, through the gateway, every page
/// and every item the mixed journey browses (pages of 10, the items of its first page of 100) just before the fault.
/// </summary>
public static class CatalogWorkingSet
{
    private const int PageSize = 10;
    private const int BrowsedItems = 100;

    public static ChaosActivity ReadOnce { get; } = ChaosActivity.Action("read every page and item the journey browses (cache them)", async (ctx, ct) =>
    {
        using var first = JsonDocument.Parse(await ctx.Http.GetStringAsync(new Uri(ctx.System.Gateway, $"/api/catalog/items?pageIndex=0&pageSize={PageSize}"), ct));
        var count = first.RootElement.GetProperty("count").GetInt32();
        var pages = (count + PageSize - 1) / PageSize;
        var failed = 0;
        for (var page = 1; page < pages; page++)
            failed += await ReadAsync(ctx, $"/api/catalog/items?pageIndex={page}&pageSize={PageSize}", ct);
        // The items the journey browses are the ones its init learnt: the first page of 100 (the catalogue's order, not ids 1..100).
        using var browsed = JsonDocument.Parse(await ctx.Http.GetStringAsync(new Uri(ctx.System.Gateway, $"/api/catalog/items?pageIndex=0&pageSize={BrowsedItems}"), ct));
        var ids = browsed.RootElement.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetInt32()).ToList();
        foreach (var id in ids)
            failed += await ReadAsync(ctx, $"/api/catalog/items/{id}", ct);
        if (failed > 0) throw new InvalidOperationException($"{failed} catalog reads failed while the system was healthy.");
        return $"{pages} pages and {ids.Count} items read";
    });

    private static async Task<int> ReadAsync(Running.ExperimentContext ctx, string path, CancellationToken ct)
    {
        using var response = await ctx.Http.GetAsync(new Uri(ctx.System.Gateway, path), ct);
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
