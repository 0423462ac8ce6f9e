using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.Catalog.Infrastructure;
using Reference.Catalog.Model;
using Reference.ServiceDefaults;

namespace Reference.Catalog.Apis;

/// <summary>Every route of the catalogue (docs/api.md). Reads go through the cache; admin writes need the admin key.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog");

        api.MapGet("/items", GetItems);
        api.MapGet("/items/{id}", GetItemById).WithName(nameof(GetItemById));

        var admin = api.MapGroup("").RequireAdminKey();
        admin.MapPost("/items", CreateItem);
        admin.MapPut("/items/{id}", UpdateItem);

        return app;
    }

    public static async Task<Results<Ok<CatalogPage>, ValidationProblem>> GetItems(
        int? pageIndex, int? pageSize, string? brand, string? type, CachedCatalog catalog, CancellationToken cancellationToken)
    {
        var (query, errors) = CatalogQuery.Create(pageIndex, pageSize, brand, type);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await catalog.GetPageAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<CatalogItem>, NotFound>> GetItemById(int id, CachedCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetItemAsync(id, cancellationToken) is { } item ? TypedResults.Ok(item) : TypedResults.NotFound();

    public static async Task<Results<Created<CatalogItem>, ValidationProblem>> CreateItem(
        [FromBody] CatalogItemRequest? request, CachedCatalog catalog, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } problem)
        {
            return problem;
        }
        var created = await catalog.CreateAsync(request!.ToItem(id: 0), cancellationToken);
        return TypedResults.Created($"/api/catalog/items/{created.Id}", created);
    }

    public static async Task<Results<Ok<CatalogItem>, NotFound, ValidationProblem>> UpdateItem(
        int id, [FromBody] CatalogItemRequest? request, CachedCatalog catalog, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } problem)
        {
            return problem;
        }
        return await catalog.UpdateAsync(request!.ToItem(id), cancellationToken) is { } updated
            ? TypedResults.Ok(updated)
            : TypedResults.NotFound();
    }

    private static ValidationProblem? Invalid(CatalogItemRequest? request)
    {
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        }
        var errors = request.Validate();
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
