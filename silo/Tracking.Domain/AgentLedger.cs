namespace Tracking.Domain;

/// <summary>When a value was reached: the occurrence time of the event that brought it, then arrival order.</summary>
public readonly record struct ValueMark(DateTimeOffset OccurredAt, long Arrival) : IComparable<ValueMark>
{
    public int CompareTo(ValueMark other)
    {
        var byTime = OccurredAt.CompareTo(other.OccurredAt);
        return byTime != 0 ? byTime : Arrival.CompareTo(other.Arrival);
    }

    public static ValueMark Max(ValueMark a, ValueMark b) => a.CompareTo(b) >= 0 ? a : b;
}

/// <summary>Metric values of one period together with, per metric, when its value was reached.</summary>
public sealed class PeriodTotals
{
    public PeriodTotals() : this(new MetricValues(), new ValueMark[Metrics.Count]) { }

    /// <summary>Values and their marks; fewer marks than metrics (stored before later metrics existed) are padded.</summary>
    public PeriodTotals(MetricValues values, ValueMark[] reached)
    {
        if (reached.Length > Metrics.Count) throw new ArgumentException("At most one mark per metric.", nameof(reached));
        if (reached.Length < Metrics.Count) Array.Resize(ref reached, Metrics.Count);
        Values = values;
        Reached = reached;
    }

    public MetricValues Values { get; }

    public ValueMark[] Reached { get; }

    public ValueMark ReachedAt(Metric metric) => Reached[(int)metric];

    public void Add(PeriodTotals other)
    {
        Values.Add(other.Values);
        for (var i = 0; i < Reached.Length; i++) Reached[i] = ValueMark.Max(Reached[i], other.Reached[i]);
    }

    public PeriodTotals Clone() => new(Values.Clone(), (ValueMark[])Reached.Clone());
}

/// <summary>A policy an agent sold, remembered so that a later cancellation can take it back.</summary>
/// <remarks>The event ids that sold and cancelled it let a retried batch be recognised as the same facts.</remarks>
public sealed record PolicyRecord(string PolicyId, decimal Premium, string SoldByEventId, string? CancelledByEventId = null)
{
    public bool Cancelled => CancelledByEventId is not null;
}

/// <summary>One branch-local day of one agent's counts, credited to the team the agent was in.</summary>
public sealed record LedgerBucket(DateOnly Day, string TeamId, PeriodTotals Totals);

/// <summary>
/// An agent's counters per branch-local day and team. Longer periods are sums of days, so a late
/// event lands in its own day and every period containing it follows. Pure: no clock, no I/O.
/// </summary>
public sealed class AgentLedger(int retentionDays)
{
    /// <summary>The longest period (a leap year) in days: a day kept is useless unless every period containing it is whole.</summary>
    public const int LongestPeriodDays = 366;

    /// <summary>
    /// Local days between "now" and the newest day seen, or the oldest accepted instant and its local day: an
    /// event's local day may lie a day either side of the UTC one, and the newest day may run up to the clock-skew
    /// tolerance ahead.
    /// </summary>
    private const int DayMargin = 2;

    /// <summary>The default oldest event accepted, in days before now (<c>Ingest:MaxAgeDays</c>): this year and last stay comparable.</summary>
    public const int DefaultMaxAgeDays = 800;

    /// <summary>A ledger keeping what the default <see cref="DefaultMaxAgeDays"/> needs.</summary>
    public AgentLedger() : this(RetentionFor(DefaultMaxAgeDays)) { }

    /// <summary>
    /// Days kept behind the newest day seen so that an event as old as <paramref name="maxAgeDays"/> still counts
    /// in every period that contains its day, the longest a year: the oldest accepted day plus the year before it.
    /// </summary>
    public static int RetentionFor(int maxAgeDays) => maxAgeDays + DayMargin + LongestPeriodDays - 1;

    public int RetentionDays { get; } = retentionDays >= 1
        ? retentionDays
        : throw new ArgumentOutOfRangeException(nameof(retentionDays), retentionDays, "At least one day.");

    private readonly Dictionary<DateOnly, List<LedgerBucket>> _days = new();
    private readonly Dictionary<string, PolicyRecord> _policies = new(StringComparer.Ordinal);
    private readonly LedgerMonths _months = new();

    public IReadOnlyDictionary<string, PolicyRecord> Policies => _policies;

    public IEnumerable<LedgerBucket> Buckets => _days.Values.SelectMany(b => b);

    /// <summary>
    /// Checks a batch, in order, against the policies this agent holds: a policy id sold twice, or a
    /// cancellation of a policy not sold earlier (in the ledger or earlier in the batch) or already cancelled.
    /// Returns the index and reason of every offending event; the ledger is not changed.
    /// </summary>
    /// <remarks>
    /// An event this ledger already applied (same event id on the policy's record) is a retry, not an
    /// error: it is skipped here and reported as a duplicate by the event log.
    /// </remarks>
    public IReadOnlyList<(int Index, string Reason)> CheckPolicies(IReadOnlyList<ActivityEvent> events)
    {
        List<(int, string)>? errors = null;
        Dictionary<string, bool>? pending = null; // policyId -> cancelled, for policies touched by this batch
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (IsApplied(e)) continue;
            if (e.Type == ActivityType.Policy && e.Policy is { } policy)
            {
                pending ??= new(StringComparer.Ordinal);
                if (_policies.ContainsKey(policy.PolicyId) || pending.ContainsKey(policy.PolicyId))
                    (errors ??= []).Add((i, $"Policy '{policy.PolicyId}' is already recorded for agent '{e.AgentId}'."));
                else
                    pending[policy.PolicyId] = false;
            }
            else if (e.Type == ActivityType.Cancellation && e.Cancellation is { } cancellation)
            {
                pending ??= new(StringComparer.Ordinal);
                var id = cancellation.PolicyId;
                bool known, cancelled;
                if (pending.TryGetValue(id, out var pendingCancelled)) (known, cancelled) = (true, pendingCancelled);
                else if (_policies.TryGetValue(id, out var record)) (known, cancelled) = (true, record.Cancelled);
                else (known, cancelled) = (false, false);

                if (!known)
                    (errors ??= []).Add((i, $"Policy '{id}' is not recorded for agent '{e.AgentId}'."));
                else if (cancelled)
                    (errors ??= []).Add((i, $"Policy '{id}' is already cancelled."));
                else
                    pending[id] = true;
            }
        }
        return errors ?? (IReadOnlyList<(int, string)>)[];
    }

    /// <summary>True when this policy or cancellation event is the one already on a policy's record.</summary>
    public bool IsApplied(ActivityEvent e) => e.Type switch
    {
        ActivityType.Policy => _policies.TryGetValue(e.Policy!.PolicyId, out var sold) && sold.SoldByEventId == e.EventId,
        ActivityType.Cancellation => _policies.TryGetValue(e.Cancellation!.PolicyId, out var cancelled) && cancelled.CancelledByEventId == e.EventId,
        _ => false,
    };

    /// <summary>
    /// Applies an accepted event to its local day, credited to <paramref name="teamId"/>.
    /// The caller has checked the batch with <see cref="CheckPolicies"/>. Returns false, changing nothing, for a
    /// cancellation of a policy that is not open: that can only happen when the sale the check relied on was
    /// refused by the log (its event id already stored for another agent). Replay takes the same decision.
    /// </summary>
    public bool Apply(ActivityEvent e, DateOnly localDate, string teamId, long arrival)
    {
        var cancelledPremium = 0m;
        switch (e.Type)
        {
            case ActivityType.Policy:
                _policies[e.Policy!.PolicyId] = new PolicyRecord(e.Policy.PolicyId, e.Policy.Premium, e.EventId);
                break;
            case ActivityType.Cancellation:
                var id = e.Cancellation!.PolicyId;
                if (!_policies.TryGetValue(id, out var record) || record.Cancelled) return false;
                cancelledPremium = record.Premium;
                _policies[id] = record with { CancelledByEventId = e.EventId };
                break;
        }

        var delta = EventContribution.Of(e, cancelledPremium);
        var mark = new ValueMark(e.OccurredAt, arrival);
        Credit(BucketFor(localDate, teamId).Totals, delta, mark);
        Credit(_months.For(localDate, teamId), delta, mark);
        return true;
    }

    private static void Credit(PeriodTotals totals, MetricValues delta, ValueMark mark)
    {
        totals.Values.Add(delta);
        foreach (var metric in Metrics.All)
        {
            if (delta[metric] != 0m) totals.Reached[(int)metric] = ValueMark.Max(totals.Reached[(int)metric], mark);
        }
    }

    /// <summary>The period's totals, over every team or only the days credited to <paramref name="teamId"/>.</summary>
    public PeriodTotals Totals(PeriodKey period, string? teamId = null)
    {
        var sum = new PeriodTotals();
        foreach (var buckets in BucketsIn(period))
        {
            foreach (var bucket in buckets)
            {
                if (teamId is null || bucket.TeamId == teamId) sum.Add(bucket.Totals);
            }
        }
        return sum;
    }

    /// <summary>
    /// The period's totals per team credited in it, in one pass over its buckets (in the order the teams first
    /// appear): what an agent reports after every batch, so it is kept free of repeated passes and look-ups.
    /// </summary>
    public List<(string TeamId, PeriodTotals Totals)> TotalsByTeam(PeriodKey period)
    {
        var byTeam = new List<(string TeamId, PeriodTotals Totals)>(1);
        foreach (var buckets in BucketsIn(period))
        {
            foreach (var bucket in buckets)
            {
                TotalsOf(byTeam, bucket.TeamId).Add(bucket.Totals);
            }
        }
        return byTeam;
    }

    /// <summary>The totals of <paramref name="teamId"/> in a list of <see cref="TotalsByTeam"/>, added empty when it is not there yet.</summary>
    public static PeriodTotals TotalsOf(List<(string TeamId, PeriodTotals Totals)> byTeam, string teamId)
    {
        foreach (var (team, totals) in byTeam)
        {
            if (team == teamId) return totals;
        }
        var added = new PeriodTotals();
        byTeam.Add((teamId, added));
        return added;
    }

    /// <summary>The buckets that sum to the period: its months' for a month, quarter or year, else its days'.</summary>
    private IEnumerable<List<LedgerBucket>> BucketsIn(PeriodKey period)
    {
        if (LedgerMonths.Covers(period))
        {
            foreach (var months in _months.In(period)) yield return months;
            yield break;
        }
        foreach (var day in period.Days())
        {
            if (_days.TryGetValue(day, out var buckets)) yield return buckets;
        }
    }

    /// <summary>Drops days older than the retention window behind <paramref name="newestDay"/>.</summary>
    public void Prune(DateOnly newestDay)
    {
        var keepFrom = newestDay.AddDays(-RetentionDays);
        var dropped = _days.Keys.Where(d => d < keepFrom).ToList();
        if (dropped.Count == 0) return;
        foreach (var day in dropped) _days.Remove(day);
        _months.Rebuild(Buckets);
    }

    /// <summary>Restores state from a snapshot (buckets and policies).</summary>
    public void Restore(IEnumerable<LedgerBucket> buckets, IEnumerable<PolicyRecord> policies)
    {
        _days.Clear();
        _policies.Clear();
        foreach (var bucket in buckets)
        {
            if (!_days.TryGetValue(bucket.Day, out var list)) _days[bucket.Day] = list = [];
            list.Add(bucket with { Totals = bucket.Totals.Clone() });
        }
        foreach (var policy in policies) _policies[policy.PolicyId] = policy;
        _months.Rebuild(Buckets);
    }

    private LedgerBucket BucketFor(DateOnly day, string teamId)
    {
        if (!_days.TryGetValue(day, out var list)) _days[day] = list = [];
        foreach (var bucket in list)
        {
            if (bucket.TeamId == teamId) return bucket;
        }
        var created = new LedgerBucket(day, teamId, new PeriodTotals());
        list.Add(created);
        return created;
    }
}
