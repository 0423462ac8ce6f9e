using System.Net;
using System.Net.Http.Headers;
using Proto = Reference.Dashboard.Otlp.Proto;

namespace Reference.Dashboard.Tests;

/// <summary>What a browser and a misdirected client see: login, health, and each port kept to its job.</summary>
public sealed class HttpSurfaceTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static HttpClient Client(Uri baseAddress, bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Health_answers_without_login()
    {
        using var client = Client(fixture.Host.Endpoints.Ui);
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_page_without_the_cookie_redirects_to_login()
    {
        using var client = Client(fixture.Host.Endpoints.Ui);
        var response = await client.GetAsync("/traces");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_right_one_sets_a_cookie_that_opens_pages()
    {
        using var client = Client(fixture.Host.Endpoints.Ui);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/login?t=wrong")).StatusCode);

        var login = await client.GetAsync("/login?t=test-token&returnUrl=/health");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/health", login.Headers.Location!.OriginalString);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Reference.Dashboard="));

        var page = await client.GetAsync("/slos");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"slo-journey\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cookie_from_another_dashboard_process_is_not_accepted()
    {
        using var client = Client(fixture.Host.Endpoints.Ui);
        var login = await client.GetAsync("/login?t=test-token");
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Reference.Dashboard=")).Split(';')[0];

        var settings = Reference.Dashboard.Hosting.DashboardHost.FreePortSettings();
        settings[Reference.Dashboard.Hosting.BrowserTokenAuth.TokenKey] = "test-token";
        await using var restarted = await Reference.Dashboard.Hosting.DashboardHost.StartAsync(settings);
        using var other = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = restarted.Endpoints.Ui };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/slos") { Headers = { { "Cookie", cookie } } };

        var response = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Otlp_http_accepts_a_gzip_compressed_body()
    {
        var request = new Proto.Collector.Logs.ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new Proto.Logs.ResourceLogs
                {
                    Resource = new Proto.Resource.Resource { Attributes = { new Proto.Common.KeyValue { Key = "service.name", Value = new Proto.Common.AnyValue { StringValue = "gzip-sender" } } } },
                    ScopeLogs = { new Proto.Logs.ScopeLogs { LogRecords = { new Proto.Logs.LogRecord { Body = new Proto.Common.AnyValue { StringValue = "compressed hello" }, SeverityNumber = Proto.Logs.SeverityNumber.Info } } } },
                },
            },
        };
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            Google.Protobuf.MessageExtensions.WriteTo(request, gzip);
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var otlp = Client(fixture.Host.Endpoints.OtlpHttp);

        var response = await otlp.PostAsync("/v1/logs", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(fixture.Host.Store.Logs(), l => l.Resource.ServiceName == "gzip-sender" && l.Message == "compressed hello");
    }

    [Fact]
    public async Task Otlp_http_refuses_json_and_garbage_and_is_not_served_on_the_ui_port()
    {
        using var otlp = Client(fixture.Host.Endpoints.OtlpHttp);
        var json = new StringContent("{}", new MediaTypeHeaderValue("application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await otlp.PostAsync("/v1/traces", json)).StatusCode);

        var garbage = new ByteArrayContent([0xff, 0xff, 0xff, 0xff]);
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, (await otlp.PostAsync("/v1/traces", garbage)).StatusCode);

        using var ui = Client(fixture.Host.Endpoints.Ui);
        var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        Assert.Equal(HttpStatusCode.NotFound, (await ui.PostAsync("/v1/traces", empty)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otlp.GetAsync("/traces")).StatusCode);
    }
}
