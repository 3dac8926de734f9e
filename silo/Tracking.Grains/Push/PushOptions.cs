namespace Tracking.Grains.Push;

public sealed class PushOptions
{
    /// <summary>At most one push per topic per window; the first change after a quiet spell goes at once.</summary>
    public TimeSpan CoalescingWindow { get; set; } = TimeSpan.FromMilliseconds(100);
}
