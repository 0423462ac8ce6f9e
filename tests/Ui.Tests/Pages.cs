using Microsoft.Playwright;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>Deadlines, screenshots and the evidence a failed step leaves, shared by every page the suite drives.</summary>
public static class Pages
{
    /// <summary>Generous: the machine running these is often busy with other builds and system runs.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;

    /// <summary>Playwright's wait for an element, with the suite's deadline.</summary>
    public static LocatorWaitForOptions Visible => new() { State = WaitForSelectorState.Visible, Timeout = Ms(Timeout) };

    /// <summary>
    /// Reads until <paramref name="accept"/> holds or the deadline passes, and returns the last reading either way:
    /// the caller asserts on it, so a failure shows what the page last said rather than only that time ran out.
    /// </summary>
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var reading = await read();
            if (accept(reading) || DateTime.UtcNow >= deadline) return reading;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Saves a screenshot to artifacts/screenshots/ at the repository root (whole page unless it is a long list).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(ScreenshotFolder.Value, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>
    /// Runs a step; if it fails, saves <c>failed-{name}.png</c> and rethrows with the page's URL and
    /// visible text, so the failure explains itself without rerunning.
    /// </summary>
    public static async Task StepAsync(IPage page, string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex)
        {
            string text;
            try
            {
                await ScreenshotAsync(page, $"failed-{name}.png");
                text = await page.InnerTextAsync("body", new() { Timeout = 5000 });
            }
            catch (Exception evidence)
            {
                text = $"(could not read the page: {evidence.Message})";
            }
            throw new Xunit.Sdk.XunitException($"Step '{name}' failed at {page.Url}: {ex.Message}\n--- page text ---\n{Trim(text)}\n---");
        }
    }

    private static string Trim(string text) => text.Length <= 4000 ? text : text[..4000] + "…";

    private static readonly Lazy<string> ScreenshotFolder = new(() =>
    {
        var folder = RepositoryRoot.Combine("artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

}
