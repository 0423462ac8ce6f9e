using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace Reference.Dashboard.Hosting;

/// <summary>
/// Browser login the way the Aspire dashboard does it: a token printed at start (or given in
/// <c>Dashboard__Frontend__BrowserToken</c>); <c>/login?t=&lt;token&gt;</c> sets a cookie; every UI
/// page needs that cookie. <c>Dashboard__Frontend__AuthMode=Unsecured</c> turns it off.
/// </summary>
public static class BrowserTokenAuth
{
    public const string TokenKey = "Dashboard:Frontend:BrowserToken";
    public const string AuthModeKey = "Dashboard:Frontend:AuthMode";
    public const string LoginPath = "/login";

    public sealed record Settings(string Token, bool Unsecured);

    public static WebApplicationBuilder AddBrowserTokenAuth(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[TokenKey];
        var unsecured = string.Equals(builder.Configuration[AuthModeKey], "Unsecured", StringComparison.OrdinalIgnoreCase);
        var token = string.IsNullOrWhiteSpace(configured) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : configured;
        builder.Services.AddSingleton(new Settings(token, unsecured));

        // Keys live only as long as the process: a restarted dashboard (with a new token) does not accept
        // yesterday's cookies, and nothing is written to the user profile.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = LoginPath;
                options.Cookie.Name = ".Reference.Dashboard";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromDays(3);
            });
        builder.Services.AddAuthorization(options =>
        {
            // Everything needs a signed-in browser unless an endpoint says AllowAnonymous (login, health, OTLP).
            options.FallbackPolicy = unsecured
                ? new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build()
                : new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static IEndpointRouteBuilder MapBrowserLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, async (HttpContext http, Settings settings, string? t, string? returnUrl) =>
        {
            var target = returnUrl is not null && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") ? returnUrl : "/";
            if (t is null) return Results.Content(LoginPage(target, failed: false), "text/html; charset=utf-8");
            if (!Matches(t, settings.Token))
            {
                return Results.Content(LoginPage(target, failed: true), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "browser")], CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(target);
        }).AllowAnonymous();
        return app;
    }

    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string LoginPage(string returnUrl, bool failed) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Log in · Reference dashboard</title>
        <style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:4rem auto;color:#222}input{width:100%;padding:.5rem;margin:.5rem 0}button{padding:.5rem 1rem}.error{color:#b00}</style></head>
        <body><h1>Reference dashboard</h1>
        <p>Paste the browser token printed when the dashboard (or the AppHost) started.</p>
        {{(failed ? "<p class=\"error\" data-testid=\"login-error\">That token is not valid.</p>" : "")}}
        <form method="get" action="/login"><input type="hidden" name="returnUrl" value="{{HtmlEncoder.Default.Encode(returnUrl)}}">
        <input name="t" type="password" autocomplete="off" placeholder="token" data-testid="login-token" autofocus>
        <button type="submit" data-testid="login-submit">Log in</button></form></body></html>
        """;
}
