namespace Reference.ServiceDefaults.Admission;

/// <summary>
/// Additive-increase, multiplicative-decrease on a concurrency limit, as TCP does with its window and
/// Netflix's concurrency-limits does with requests in flight. The evidence is one adjustment window's:
/// <list type="bullet">
/// <item>congested (work queued for a CPU longer than the target): back off by <c>backoffRatio</c>;</item>
/// <item>not congested and the limit was in use (at least half of it in flight at the peak): grow by
/// about √limit, fast from small limits and gentle from large ones;</item>
/// <item>otherwise (idle, or app-limited): stay, so a quiet hour does not leave a limit nobody tested.</item>
/// </list>
/// Why queueing delay and not request latency: a slow dependency (Postgres +200 ms) makes requests slow
/// without using any CPU here, and shedding would not make it faster; a latency-gradient limiter would
/// shrink and refuse work the system could serve. Queueing delay rises only when this machine cannot
/// keep up, which is exactly when admitting less helps.
/// </summary>
public sealed class AimdLimit(int initial, int min, int max, double backoffRatio)
{
    public int Current { get; private set; } = Math.Clamp(initial, min, max);

    /// <summary>Applies one window's evidence; returns the change (negative: backed off).</summary>
    public int Adjust(bool congested, int peakInFlight)
    {
        var before = Current;
        if (congested)
        {
            Current = Math.Max(min, Math.Min(Current - 1, (int)(Current * backoffRatio)));
        }
        else if (peakInFlight * 2 >= Current)
        {
            Current = Math.Min(max, Current + Math.Max(1, (int)Math.Sqrt(Current)));
        }
        return Current - before;
    }
}
