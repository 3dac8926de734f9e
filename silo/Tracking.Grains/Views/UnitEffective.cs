using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains.Views;

/// <summary>
/// A unit's effective headcount for a period and a branch's stars, from the month totals its agents reported
/// (docs/design.md, "KPIs"): a month's count, or the average over the months of a quarter or year so far.
/// </summary>
public static class UnitEffective
{
    /// <summary>The period's effective headcount; null for a day, a week, or a period that has not begun.</summary>
    /// <param name="periodAgents">The agents with their values credited in <paramref name="period"/> itself, reused when it is a month.</param>
    public static decimal? Headcount(IStatsUnit unit, ReportedTotals totals, StatsComposer composer, PeriodKey period, DateTimeOffset now,
        IReadOnlyList<KpiAgent>? periodAgents = null)
    {
        var months = EffectiveHeadcount.MonthsCounted(period, composer.Clock.LocalDate(now));
        if (months.Count == 0) return null;
        var counts = new int[months.Count];
        for (var i = 0; i < months.Count; i++)
        {
            var month = months[i];
            var agents = month == period && periodAgents is not null ? periodAgents : AgentsIn(unit, totals, month);
            var (start, end) = composer.Clock.Bounds(month);
            counts[i] = EffectiveHeadcount.InMonth(start, end, now, unit.TeamIds, agents, composer.EffectiveAgent);
        }
        return EffectiveHeadcount.Average(counts);
    }

    /// <summary>Stars of a quarter with this average effective headcount (null when it has none: not begun).</summary>
    public static int? Stars(decimal? quarterEffective, StatsComposer composer) =>
        quarterEffective is { } average ? StarRating.Of(average, composer.StarBands) : null;

    /// <summary>The stars of the quarter containing now, for a branch.</summary>
    public static int? CurrentQuarterStars(IStatsUnit branch, ReportedTotals totals, StatsComposer composer, DateTimeOffset now) =>
        Stars(Headcount(branch, totals, composer, composer.Clock.PeriodOf(PeriodKind.Quarter, now), now), composer);

    /// <summary>Every agent the unit knows or has totals of, with its values credited to the unit in the period.</summary>
    public static KpiAgent[] AgentsIn(IStatsUnit unit, ReportedTotals totals, PeriodKey period)
    {
        var members = unit.Members;
        return members.Ids.Concat(totals.Agents).Distinct(StringComparer.Ordinal)
            .Select(id => new KpiAgent(id, members.HistoryOf(id), totals.AgentTotals(id, period).Values))
            .ToArray();
    }
}
