using Tracking.Domain.Renewals;

namespace Tracking.Domain.Alerts;

/// <summary>What an evaluation needs to know of one agent of a team, right now.</summary>
/// <param name="Actuals">The agent's totals credited to the team for the day, week and month containing now.</param>
/// <param name="Targets">The agent's own (not split-derived) targets for those periods.</param>
/// <param name="LastActivityAt">The occurrence time of the agent's latest call or visit today, if any.</param>
/// <param name="Active">Counted in the team now (joined, not deactivated, not moved away).</param>
public sealed record AlertAgentSnapshot(
    string AgentId,
    IReadOnlyDictionary<PeriodKind, MetricValues> Actuals,
    IReadOnlyList<ResolvedTarget> Targets,
    DateTimeOffset? LastActivityAt,
    bool Active);

/// <summary>
/// A rule that holds for an agent now. <see cref="Metric"/> is null for <see cref="AlertRule.Inactive"/> and
/// <see cref="AlertRule.RenewalAtRisk"/>, which names its renewal item in <see cref="Item"/>.
/// </summary>
public sealed record AlertCondition(string AgentId, AlertRule Rule, Metric? Metric, decimal Actual, decimal Expected, RenewalItemRef? Item = null)
{
    public AlertKey Key => AlertKey.Of(AgentId, Rule, Metric, Item);
}

/// <summary>
/// Which alert rules hold now. Pure: everything it needs comes in as arguments.
/// <list type="bullet">
/// <item><b>behindPace</b> (per metric): for each target of the agent (day, week, month, quarter or year) whose period has
/// run at least <see cref="AlertSettings.MinElapsedShare"/> of its working time, pace = actual ÷ expected
/// so far; the rule holds when pace &lt; <see cref="AlertSettings.BehindPaceThreshold"/>. When several
/// periods of one metric are behind, the condition names the one with the lowest pace (actual and expected
/// of that period).</item>
/// <item><b>inactive</b>: inside working hours, the working time since the later of the agent's last call
/// or visit today and today's opening is at least <see cref="AlertSettings.InactiveWorkingHours"/>
/// (actual and expected are those working hours).</item>
/// </list>
/// Only active members are judged. Nothing holds outside working time: a supervisor is not alerted at night,
/// and an alert already open is resolved only by the agent catching up.
/// <para><b>renewalAtRisk</b> (per renewal item, <see cref="RenewalsAtRisk"/>) is judged by the day, not by working
/// time: an item still open on the branch-local today whose grace ends at most
/// <see cref="AlertSettings.RenewalAtRiskDaysBeforeGraceEnd"/> days later (actual: collected so far; expected: the
/// amount due). It stops holding once the item is collected or lapses.</para>
/// </summary>
public static class AlertEvaluator
{
    public static IReadOnlyList<AlertCondition> Evaluate(
        IEnumerable<AlertAgentSnapshot> agents, AlertSettings settings, PaceCalculator pace, DateTimeOffset now)
    {
        var calendar = pace.Calendar;
        var conditions = new List<AlertCondition>();
        foreach (var agent in agents)
        {
            if (!agent.Active) continue;
            if (settings.BehindPaceEnabled) conditions.AddRange(BehindPace(agent, settings, pace, now));
            if (settings.InactiveEnabled && Inactive(agent, settings, calendar, now) is { } quiet) conditions.Add(quiet);
        }
        return conditions;
    }

    /// <summary>The renewalAtRisk conditions of the given open items on the branch-local <paramref name="today"/>, the most urgent first.</summary>
    public static IReadOnlyList<AlertCondition> RenewalsAtRisk(IEnumerable<OpenRenewal> items, AlertSettings settings, DateOnly today)
    {
        if (!settings.RenewalAtRiskEnabled) return [];
        return items
            .Where(i => i.IsAtRiskOn(today, settings.RenewalAtRiskDaysBeforeGraceEnd))
            .OrderBy(i => i.GraceEndsOn).ThenBy(i => i.Due.DueDate)
            .ThenBy(i => i.Due.AgentId, StringComparer.Ordinal).ThenBy(i => i.Due.PolicyId, StringComparer.Ordinal)
            .Select(i => new AlertCondition(i.Due.AgentId, AlertRule.RenewalAtRisk, null, i.Collected, i.Due.Amount,
                new RenewalItemRef(i.Due.PolicyId, i.Due.DueDate, i.GraceEndsOn)))
            .ToList();
    }

    private static IEnumerable<AlertCondition> BehindPace(AlertAgentSnapshot agent, AlertSettings settings, PaceCalculator pace, DateTimeOffset now)
    {
        var worst = new Dictionary<Metric, (decimal Pace, decimal Actual, decimal Expected)>();
        foreach (var target in agent.Targets)
        {
            if (target.Value <= 0m || target.FromWeeklySplit) continue;
            if (pace.Calendar.ElapsedShare(target.Period, now) < settings.MinElapsedShare) continue;
            var expected = pace.ExpectedSoFar(target, now);
            if (expected <= 0m) continue;
            var actual = agent.Actuals.TryGetValue(target.Period.Kind, out var values) ? values[target.Metric] : 0m;
            var ratio = actual / expected;
            if (ratio >= settings.BehindPaceThreshold) continue;
            if (!worst.TryGetValue(target.Metric, out var held) || ratio < held.Pace) worst[target.Metric] = (ratio, actual, expected);
        }
        return worst.Select(w => new AlertCondition(agent.AgentId, AlertRule.BehindPace, w.Key, w.Value.Actual, Math.Round(w.Value.Expected, 2)));
    }

    private static AlertCondition? Inactive(AlertAgentSnapshot agent, AlertSettings settings, WorkingCalendar calendar, DateTimeOffset now)
    {
        if (!calendar.IsWorkingTime(now)) return null;
        var today = calendar.Clock.LocalDate(now);
        if (calendar.WorkingWindow(today) is not { } window) return null;
        var since = agent.LastActivityAt is { } last && last > window.Opens ? last : window.Opens;
        var quietHours = (decimal)calendar.WorkingTimeBetween(since, now).TotalHours;
        return quietHours >= settings.InactiveWorkingHours
            ? new AlertCondition(agent.AgentId, AlertRule.Inactive, null, Math.Round(quietHours, 2), settings.InactiveWorkingHours)
            : null;
    }
}
