using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Reference.Load.Runner;

/// <summary>
/// Waits until a Stopwatch timestamp with sub-millisecond accuracy and without burning a core.
/// Thread.Sleep only knows milliseconds; on Linux nanosleep wakes within the timer slack (~50 µs),
/// which matters at thousands of arrivals per second. Elsewhere: Sleep(1), then yield.
/// </summary>
internal static partial class PreciseWait
{
    private static readonly bool UseNanosleep = OperatingSystem.IsLinux() && Environment.Is64BitProcess;
    private const long MaxSliceNanos = 50_000_000; // wake at least every 50 ms to notice cancellation

    /// <summary>Returns false when cancelled before the deadline.</summary>
    public static bool Until(long deadlineTimestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested) return false;
            var remaining = deadlineTimestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return true;
            var nanos = (long)(remaining * (1_000_000_000.0 / Stopwatch.Frequency));
            if (UseNanosleep)
            {
                var slice = Math.Min(nanos, MaxSliceNanos);
                var request = new Timespec { Seconds = slice / 1_000_000_000, Nanoseconds = slice % 1_000_000_000 };
                _ = nanosleep(ref request, IntPtr.Zero);
            }
            else if (nanos > 1_500_000)
            {
                Thread.Sleep(Math.Min((int)(nanos / 1_000_000) - 1, 50));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int nanosleep(ref Timespec request, IntPtr remaining);
}
