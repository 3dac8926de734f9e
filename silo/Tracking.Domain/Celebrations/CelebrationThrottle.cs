namespace Tracking.Domain.Celebrations;

/// <summary>A celebration let through, standing also for <see cref="Merged"/> others held back while the limit was reached.</summary>
public readonly record struct ThrottledRelease<T>(T Item, int Merged);

/// <summary>
/// Rate limit of one branch's celebrations: a token bucket of <c>burst</c> tokens refilled one per
/// <c>interval</c>. What arrives while the bucket is empty is not dropped silently: it is merged into one
/// held digest (the most important item, by <c>importance</c>, and how many others it stands for), which
/// goes out as soon as a token is back. So a TV shows at most <c>burst</c> cheers at once, then one per
/// interval, and every merged cheer is still counted on screen ("…and 4 more"). Pure: the caller gives the time.
/// </summary>
public sealed class CelebrationThrottle<T>(int burst, TimeSpan interval, IComparer<T> importance)
{
    private double _tokens = burst;
    private DateTimeOffset? _refilledAt;
    private T? _held;
    private int _heldCount;

    public bool HasHeld => _heldCount > 0;

    /// <summary>
    /// Offers a celebration. Returns what to send now, in order: a held digest whose token has come back,
    /// then the new item if a token is left for it; otherwise the item joins the held digest.
    /// </summary>
    public IReadOnlyList<ThrottledRelease<T>> Offer(T item, DateTimeOffset now)
    {
        var sends = new List<ThrottledRelease<T>>(2);
        if (Release(now) is { } digest) sends.Add(digest);
        if (!HasHeld && TryTake())
        {
            sends.Add(new ThrottledRelease<T>(item, 0));
            return sends;
        }
        if (_heldCount == 0 || importance.Compare(item, _held!) > 0) _held = item;
        _heldCount++;
        return sends;
    }

    /// <summary>The held digest, once a token is back for it; null when nothing is held or no token is due yet.</summary>
    public ThrottledRelease<T>? Release(DateTimeOffset now)
    {
        Refill(now);
        if (!HasHeld || !TryTake()) return null;
        var digest = new ThrottledRelease<T>(_held!, _heldCount - 1);
        _held = default;
        _heldCount = 0;
        return digest;
    }

    /// <summary>How long until the held digest may go out (zero if it may now); null when nothing is held.</summary>
    public TimeSpan? HeldDueIn(DateTimeOffset now)
    {
        if (!HasHeld) return null;
        Refill(now);
        return _tokens >= 1 ? TimeSpan.Zero : interval * (1 - _tokens);
    }

    private bool TryTake()
    {
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    private void Refill(DateTimeOffset now)
    {
        if (_refilledAt is { } last && now > last)
            _tokens = Math.Min(burst, _tokens + (now - last) / interval);
        if (_refilledAt is null || now > _refilledAt) _refilledAt = now;
    }
}
