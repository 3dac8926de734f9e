namespace Tracking.Domain;

/// <summary>
/// What makes an agent effective (有效人力) in a month: at least <see cref="MinPolicies"/> net policies and at
/// least <see cref="MinFyp"/> net FYP among the values credited to the unit in that month.
/// </summary>
public sealed record EffectiveAgentRule(int MinPolicies = 1, decimal MinFyp = 0m)
{
    public static readonly EffectiveAgentRule Default = new();

    public bool IsEffective(MetricValues credited) => credited[Metric.Policies] >= MinPolicies && credited[Metric.Fyp] >= MinFyp;
}

/// <summary>
/// Effective headcount of a unit (a team, or a branch = the set of its teams): a month's count, and the average
/// of the monthly counts over a quarter or a year (docs/design.md, "KPIs").
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Candidates in a month: agents active in the unit at any instant of the month (up to now, for the running
/// month), and agents with any value credited to the unit in the month (a leaver's sales before leaving count).</item>
/// <item>A candidate is effective when its month values credited to the unit meet the <see cref="EffectiveAgentRule"/>.
/// With the default rule (1 policy, FYP 0) only agents who sold count; a rule of 0 policies counts every candidate.</item>
/// <item>A quarter's or a year's figure is the mean over its months that have begun (all of them for a past period);
/// a period that has not begun has none, and no figure. Days and weeks have none either.</item>
/// </list>
/// </remarks>
public static class EffectiveHeadcount
{
    /// <summary>How many agents were effective in the unit in one month.</summary>
    /// <param name="monthStart">Start instant of the month (inclusive).</param>
    /// <param name="monthEnd">End instant of the month (exclusive).</param>
    /// <param name="asOf">Now: membership after it is not looked at.</param>
    /// <param name="agents">Every agent that was a member or has credited values in the month, with those values.</param>
    public static int InMonth(
        DateTimeOffset monthStart,
        DateTimeOffset monthEnd,
        DateTimeOffset asOf,
        IReadOnlyCollection<string> unitTeamIds,
        IEnumerable<KpiAgent> agents,
        EffectiveAgentRule rule)
    {
        ArgumentNullException.ThrowIfNull(unitTeamIds);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(rule);
        if (monthEnd <= monthStart) throw new ArgumentException("The month must end after it starts.", nameof(monthEnd));
        var lastLooked = KpiCalculator.EndHeadcountInstant(monthStart, monthEnd, asOf);

        var count = 0;
        foreach (var agent in agents)
        {
            var candidate = !agent.Credited.IsZero || WasActiveIn(agent.Membership, unitTeamIds, monthStart, lastLooked);
            if (candidate && rule.IsEffective(agent.Credited)) count++;
        }
        return count;
    }

    /// <summary>
    /// The months whose counts make up a period's figure: a month itself; a quarter's or a year's months from its
    /// first up to and including the one containing <paramref name="today"/>. None for a period that has not
    /// begun, or for a day or a week.
    /// </summary>
    public static IReadOnlyList<PeriodKey> MonthsCounted(PeriodKey period, DateOnly today)
    {
        if (period.Kind is PeriodKind.Day or PeriodKind.Week) return [];
        var months = new List<PeriodKey>();
        for (var start = period.Start; start < period.End && start <= today; start = start.AddMonths(1))
            months.Add(new PeriodKey(PeriodKind.Month, start));
        return months;
    }

    /// <summary>The mean of the monthly counts, exact; null when there are none.</summary>
    public static decimal? Average(IReadOnlyCollection<int> monthlyCounts)
    {
        ArgumentNullException.ThrowIfNull(monthlyCounts);
        return monthlyCounts.Count == 0 ? null : (decimal)monthlyCounts.Sum() / monthlyCounts.Count;
    }

    /// <summary>Active in one of the unit's teams at some instant of [from, to]: at <paramref name="from"/>, or by a change inside.</summary>
    private static bool WasActiveIn(MembershipHistory membership, IReadOnlyCollection<string> teamIds, DateTimeOffset from, DateTimeOffset to)
    {
        if (membership.ActiveTeamAt(from) is { } team && teamIds.Contains(team)) return true;
        foreach (var change in membership.Changes)
        {
            if (change.EffectiveFrom > to) break;
            if (change.EffectiveFrom > from && change.Active && teamIds.Contains(change.TeamId)) return true;
        }
        return false;
    }
}
