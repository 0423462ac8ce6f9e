using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The storefront a new hire clicks through: browse the catalogue, fill a basket, check out. One
/// server-sent page with a little vanilla JavaScript that calls this gateway's own <c>/api/…</c>
/// routes, so every click exercises the same path the load suites measure. Element ids are stable
/// (<c>product-list</c>, <c>add-{id}</c>, <c>basket-items</c>, <c>checkout</c>, <c>order-status</c>…) for browser tests.
/// </summary>
public static class StorefrontApi
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(StorefrontApi).Assembly.GetManifestResourceStream("storefront.html")
            ?? throw new InvalidOperationException("storefront.html is not embedded in the gateway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static WebApplication MapStorefront(this WebApplication app)
    {
        app.MapGet("/", GetStorefront);
        return app;
    }

    public static ContentHttpResult GetStorefront(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Content(Page.Value, "text/html; charset=utf-8");
    }
}
