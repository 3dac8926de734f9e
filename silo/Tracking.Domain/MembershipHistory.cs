namespace Tracking.Domain;

/// <summary>
/// From <see cref="EffectiveFrom"/> on, the agent belongs to <see cref="TeamId"/> and is active or not
/// (joining, a team move and a deactivation are all changes of this shape).
/// </summary>
public sealed record MembershipChange(DateTimeOffset EffectiveFrom, string TeamId, bool Active);

/// <summary>
/// An agent's dated team memberships. Events are credited to the team of the moment they occurred,
/// and headcounts count the agents active in a team at an instant, so both need the history, not
/// just the current team.
/// </summary>
public sealed class MembershipHistory
{
    // Ordered by EffectiveFrom (as instants); at most one change per instant.
    private readonly List<MembershipChange> _changes = [];

    public MembershipHistory() { }

    public MembershipHistory(IEnumerable<MembershipChange> changes)
    {
        foreach (var change in changes) Upsert(change);
    }

    public IReadOnlyList<MembershipChange> Changes => _changes;

    /// <summary>The latest change, i.e. the agent's current state once its date has come.</summary>
    public MembershipChange? Latest => _changes.Count > 0 ? _changes[^1] : null;

    /// <summary>Adds a change in date order; a change with the same effective instant replaces the old one.</summary>
    public void Upsert(MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.TeamId, nameof(change));
        var index = IndexOf(change.EffectiveFrom);
        if (index >= 0) _changes[index] = change;
        else _changes.Insert(~index, change);
    }

    /// <summary>The change in force at an instant: the last one effective at or before it; null before the first.</summary>
    public MembershipChange? ChangeAt(DateTimeOffset instant)
    {
        var index = IndexOf(instant);
        if (index >= 0) return _changes[index];
        var before = ~index - 1;
        return before >= 0 ? _changes[before] : null;
    }

    /// <summary>
    /// The team an event at <paramref name="instant"/> is credited to: the team of the change in force;
    /// before the first change, the first team (an event dated a little before the joining date still
    /// belongs somewhere); after a deactivation, the team named by it (normally the last team).
    /// Null only when there is no history at all.
    /// </summary>
    public string? TeamAt(DateTimeOffset instant) => (ChangeAt(instant) ?? (_changes.Count > 0 ? _changes[0] : null))?.TeamId;

    /// <summary>Active at the instant (false before the first change and after a deactivation).</summary>
    public bool IsActiveAt(DateTimeOffset instant) => ChangeAt(instant)?.Active ?? false;

    /// <summary>Counted in <paramref name="teamId"/>'s headcount at the instant.</summary>
    public bool IsActiveMemberOf(string teamId, DateTimeOffset instant) =>
        ChangeAt(instant) is { Active: true } change && string.Equals(change.TeamId, teamId, StringComparison.Ordinal);

    /// <summary>The team whose headcount counts the agent at the instant, or null when inactive.</summary>
    public string? ActiveTeamAt(DateTimeOffset instant) => ChangeAt(instant) is { Active: true } change ? change.TeamId : null;

    // Binary search by instant: the index when found, else the complement of the insertion point.
    private int IndexOf(DateTimeOffset instant)
    {
        int lo = 0, hi = _changes.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            var cmp = _changes[mid].EffectiveFrom.CompareTo(instant);
            if (cmp == 0) return mid;
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }
}
