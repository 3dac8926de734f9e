namespace Tracking.Grains.WebPush;

/// <summary>
/// When a failed push is tried again: the first retry after about <c>first</c>, each further one about twice as late,
/// never more than an hour apart, each delay spread by ±20 % so that many failures do not come back at once.
/// </summary>
public static class RetrySchedule
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static TimeSpan DelayAfter(int failedAttempts, TimeSpan first)
    {
        var doubled = first.TotalSeconds * Math.Pow(2, Math.Min(failedAttempts - 1, 20));
        var seconds = Math.Min(doubled, Longest.TotalSeconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromSeconds(seconds * jitter);
    }
}
