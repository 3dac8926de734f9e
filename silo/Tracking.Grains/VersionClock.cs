namespace Tracking.Grains;

/// <summary>
/// Versions for absolute reports and pushes: microseconds since the Unix epoch, forced to grow. They keep
/// growing across grain reactivations (a plain counter would restart at zero and be dropped as stale).
/// </summary>
public static class VersionClock
{
    public static long Next(ref long last, TimeProvider time)
    {
        var now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        last = Math.Max(last + 1, now);
        return last;
    }
}
