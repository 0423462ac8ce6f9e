using Reference.Chaos.FaultProxy.Faults;
using Reference.Chaos.FaultProxy.Proxy;

namespace Reference.Chaos.FaultProxy.Toxics.Down;

/// <summary>
/// What "down" does, since it is not a stream transform: while a down fault is in force the listener
/// is closed (new connections are refused — ECONNREFUSED, as from a stopped server) and every open
/// connection is reset when it goes into force. When the last down fault goes, the listener opens again.
/// </summary>
public sealed class DownGate
{
    private readonly Lock _gate = new();
    private readonly ConnectionTracker _connections;
    private readonly ILogger<DownGate> _logger;
    private bool _down;
    private TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _wentDown = new();

    public DownGate(FaultRegistry registry, ConnectionTracker connections, ILogger<DownGate> logger)
    {
        _connections = connections;
        _logger = logger;
        _up.SetResult();
        registry.Changed += OnChanged;
    }

    public bool IsDown
    {
        get { lock (_gate) return _down; }
    }

    /// <summary>Returns once no down fault is in force, with a token that is cancelled when one next comes into force.</summary>
    public async Task<CancellationToken> WaitUntilUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task up;
            lock (_gate)
            {
                if (!_down) return _wentDown.Token;
                up = _up.Task;
            }
            await up.WaitAsync(cancellationToken);
        }
    }

    private void OnChanged(ActiveFaults active)
    {
        CancellationTokenSource? stopListening = null;
        lock (_gate)
        {
            if (active.IsDown == _down) return;
            _down = active.IsDown;
            if (_down)
            {
                stopListening = _wentDown;
                _wentDown = new CancellationTokenSource();
                _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else
            {
                _up.TrySetResult();
            }
        }
        if (stopListening is null)
        {
            _logger.LogWarning("Down lifted: listening again");
            return;
        }
        // Stop accepting first, then cut: a connection accepted in between sees the cancelled token and is reset too.
        stopListening.Cancel();
        var cut = _connections.ResetAll();
        _logger.LogWarning("Down: refusing new connections and reset {Count} open connections", cut);
    }
}
