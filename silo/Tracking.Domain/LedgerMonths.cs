namespace Tracking.Domain;

/// <summary>
/// An agent's days summed per month and team, kept beside the days: a month, quarter or year is then a sum of at
/// most twelve months instead of up to 366 days, on every report the agent sends. Derived state: rebuilt from the
/// days after a restore or prune, never stored.
/// </summary>
internal sealed class LedgerMonths
{
    private readonly Dictionary<DateOnly, List<LedgerBucket>> _months = new();

    /// <summary>True for a month, quarter or year as <see cref="PeriodKey.Containing"/> names them (starting on a 1st).</summary>
    public static bool Covers(PeriodKey period) =>
        period.Kind is PeriodKind.Month or PeriodKind.Quarter or PeriodKind.Year && period.Start.Day == 1;

    /// <summary>The totals of the day's month credited to the team, created empty when new.</summary>
    public PeriodTotals For(DateOnly day, string teamId)
    {
        var month = new DateOnly(day.Year, day.Month, 1);
        if (!_months.TryGetValue(month, out var list)) _months[month] = list = [];
        foreach (var bucket in list)
        {
            if (bucket.TeamId == teamId) return bucket.Totals;
        }
        var created = new LedgerBucket(month, teamId, new PeriodTotals());
        list.Add(created);
        return created.Totals;
    }

    /// <summary>The month buckets inside a period that <see cref="Covers"/> holds for.</summary>
    public IEnumerable<List<LedgerBucket>> In(PeriodKey period)
    {
        for (var month = period.Start; month < period.End; month = month.AddMonths(1))
        {
            if (_months.TryGetValue(month, out var list)) yield return list;
        }
    }

    public void Rebuild(IEnumerable<LedgerBucket> days)
    {
        _months.Clear();
        foreach (var day in days) For(day.Day, day.TeamId).Add(day.Totals);
    }
}
