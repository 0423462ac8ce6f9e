using System.Net.Http.Json;
using System.Text.Json;
using Reference.Catalog.Model;

namespace Reference.Catalog.Tests.Integration;

internal static class Json
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<CatalogItem> GetItemAsync(this HttpClient client, int id)
    {
        var response = await client.GetAsync($"/api/catalog/items/{id}");
        Assert.True(response.IsSuccessStatusCode, $"GET item {id}: expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CatalogItem>(Web))!;
    }

    public static async Task<CatalogPage> GetPageAsync(this HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/catalog/items{query}");
        Assert.True(response.IsSuccessStatusCode, $"GET items{query}: expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CatalogPage>(Web))!;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
