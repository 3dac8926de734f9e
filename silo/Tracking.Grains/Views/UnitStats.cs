using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains.Views;

/// <summary>A unit whose stats are composed: a team, or a branch (the set of its teams).</summary>
public interface IStatsUnit
{
    /// <summary>The agents the unit knows, with their membership histories.</summary>
    MemberDirectory Members { get; }

    /// <summary>The unit's teams, for its KPIs (headcount, activity).</summary>
    IReadOnlyCollection<string> TeamIds { get; }

    /// <summary>True when an agent active in <paramref name="teamId"/> counts in the unit.</summary>
    bool Includes(string teamId);

    /// <summary>The team whose targets an agent is judged by in the unit at an instant.</summary>
    string? TargetTeamOf(string agentId, DateTimeOffset at);

    /// <summary>A team's or a branch's: which KPIs its stats show.</summary>
    KpisScope Scope { get; }

    /// <summary>Names the unit on its stats (team and branch ids).</summary>
    StatsView Identify(StatsView stats, StatsComposer composer);
}

/// <summary>The stats of a team or a branch (metrics, plan, pace and KPIs), composed the same way for both.</summary>
public static class UnitStats
{
    /// <param name="totals">What the unit's agents reported (only shares of the unit's teams are kept).</param>
    public static StatsView Compose(IStatsUnit unit, ReportedTotals totals, StatsComposer composer, PeriodKey period, DateTimeOffset now)
    {
        var members = unit.Members;
        var (_, end) = composer.Clock.Bounds(period);
        var at = now < end ? now : end.AddTicks(-1);
        var agents = UnitEffective.AgentsIn(unit, totals, period);
        var credited = agents.ToDictionary(a => a.AgentId, a => a.Credited, StringComparer.Ordinal);
        var kpis = KpiCalculator.Compute(composer.Clock, period, now, unit.TeamIds, agents,
            id => composer.AgentAttainment(id, unit.TargetTeamOf(id, at), period, credited[id]));
        var effective = UnitEffective.Headcount(unit, totals, composer, period, now, agents);
        kpis = kpis.WithEffective(effective);
        // Stars rate a branch's quarter alone.
        if (unit.Scope == KpisScope.Branch && period.Kind == PeriodKind.Quarter) kpis = kpis with { Stars = UnitEffective.Stars(effective, composer) };
        // The plan is the sum of the targets of the members active in the unit at the end of what has passed.
        var active = members.Ids.Select(id => (Id: id, Team: members.HistoryOf(id).ActiveTeamAt(at)))
            .Where(m => m.Team is not null && unit.Includes(m.Team)).Select(m => (m.Id, m.Team!, credited[m.Id]));
        return unit.Identify(composer.ComposeUnit(period, now, MetricValues.Sum(credited.Values), active, kpis, unit.Scope), composer);
    }
}
