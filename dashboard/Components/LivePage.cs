using Microsoft.AspNetCore.Components;
using Reference.Dashboard.Storage;

namespace Reference.Dashboard.Components;

/// <summary>
/// A page that follows the store: every second it checks whether anything new arrived and, only
/// then, re-reads and re-renders (so an idle dashboard does no work and a busy one at most 1/s).
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private long _seenVersion = -1;

    [Inject] protected TelemetryStore Store { get; set; } = null!;

    protected virtual TimeSpan RefreshInterval => TimeSpan.FromSeconds(1);

    /// <summary>Re-read what the page shows; called at start and after each change.</summary>
    protected abstract void Refresh();

    protected override void OnInitialized()
    {
        _seenVersion = Store.Version;
        _ = FollowAsync(); // the first Refresh comes from OnParametersSet

    }

    protected override void OnParametersSet() => Refresh();

    /// <summary>Some pages change without new telemetry (the clock moves SLO windows, the AppHost's state).</summary>
    protected virtual bool RefreshEvenWithoutChanges => false;

    private async Task FollowAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var version = Store.Version;
                if (version == _seenVersion && !RefreshEvenWithoutChanges) continue;
                _seenVersion = version;
                await InvokeAsync(async () => { await RefreshAsync(); StateHasChanged(); });
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    protected virtual Task RefreshAsync()
    {
        Refresh();
        return Task.CompletedTask;
    }

    public virtual void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
