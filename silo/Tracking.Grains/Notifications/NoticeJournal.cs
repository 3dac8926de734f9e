namespace Tracking.Grains.Notifications;

/// <summary>
/// A grain's notices decided but not yet handed over (see <see cref="PendingNotice"/>). The grain adds a notice
/// with its decision, writes <see cref="Stored"/> in that same state write, and then calls <see cref="HandOff"/>,
/// which runs in the background: the grain goes on at once, whatever the outboxes and push services do. A notice
/// leaves the journal once handed over; the grain's next write stores that. After a restart the grain calls
/// <see cref="HandOff"/> on activation, and whatever was still there is handed over again (at least once).
/// </summary>
public sealed class NoticeJournal(NoticeHandoff handoff, IEnumerable<PendingNotice>? stored)
{
    private readonly List<PendingNotice> _pending = stored?.ToList() ?? [];
    private readonly HashSet<string> _onTheirWay = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    /// <summary>What to store with the grain's state: a copy, so a handoff ending during the write cannot change it.</summary>
    public List<PendingNotice> Stored => [.. _pending];

    public void Add(PendingNotice notice) => _pending.Add(notice);

    /// <summary>Hands over every notice not already on its way. Call once the state holding them is written.</summary>
    public void HandOff()
    {
        // A copy: a handoff that completes at once removes its notice while this loop still runs.
        foreach (var notice in _pending.ToArray())
        {
            if (_onTheirWay.Add(notice.Id)) _ = HandOffAsync(notice);
        }
    }

    private async Task HandOffAsync(PendingNotice notice)
    {
        if (await handoff.TryHandOffAsync(notice)) _pending.Remove(notice);
        _onTheirWay.Remove(notice.Id);
    }
}
