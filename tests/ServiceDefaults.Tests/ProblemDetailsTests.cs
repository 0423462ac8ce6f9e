using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Reference.ServiceDefaults.Tests;

/// <summary>Errors leave as RFC 7807 problem details; input the framework cannot bind is a 400 naming the field.</summary>
public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private record Item(string Name, decimal Price);

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(TestApp.CreateBuilder(), app =>
        {
            app.MapPost("/items", (Item item) => item);
            app.MapGet("/items/{id}", (int id) => id);
            app.MapGet("/search", (int page) => page);
            app.MapGet("/boom", string () => throw new InvalidOperationException("a bug"));
        });
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("POST", "/items", """{"name":"tent","price":"cheap"}""", "price")]
    [InlineData("POST", "/items", """{"name":["tent"],"price":1}""", "name")]
    [InlineData("GET", "/items/abc", null, "id")]
    [InlineData("GET", "/search?page=two", null, "page")]
    [InlineData("GET", "/search", null, "page")]
    public async Task Unbindable_input_is_a_400_problem_naming_the_field(string method, string path, string? body, string field)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected errors to name '{field}': {text}");
        Assert.True(problem.TryGetProperty("traceId", out _), "problems carry a traceId to find the request in the logs");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        var response = await _client.PostAsync("/items", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_the_exception_text()
    {
        var response = await _client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("a bug", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await _client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
