using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Grains.Views;

namespace Tracking.Grains.Branches;

/// <summary>
/// A branch's numbers: the latest totals of every agent credited to its teams, from which it ranks agents
/// and teams for any metric and period (its leaderboards) and composes its stats. Totals are not stored:
/// on activation the branch asks its members again (they rebuild from the log).
/// </summary>
public sealed class BranchBoards(string branchId, BranchRegistry registry, TimeProvider time)
{
    private readonly ReportedTotals _totals = new();
    private long _dataVersion;

    public async Task LoadAsync(IGrainFactory grains)
    {
        await MemberReports.CollectAsync(grains, registry.MemberIds.ToArray(), report => _totals.Apply(report, registry.OwnsTeam));
        VersionClock.Next(ref _dataVersion, time);
    }

    /// <summary>Takes in an agent's report; returns the periods whose totals changed.</summary>
    public IReadOnlyList<PeriodKey> Apply(AgentTotalsReport report)
    {
        var changed = _totals.Apply(report, registry.OwnsTeam);
        if (changed.Count > 0) VersionClock.Next(ref _dataVersion, time);
        return changed;
    }

    /// <summary>What the branch holds of an agent's totals in a period.</summary>
    public PeriodTotals AgentTotals(string agentId, PeriodKey period) => _totals.AgentTotals(agentId, period);

    public StatsView? Stats(PeriodKind kind, DateOnly? localDate)
    {
        if (registry.Composer is not { } composer) return null;
        var now = time.GetUtcNow();
        return UnitStats.Compose(registry, _totals, composer, composer.PeriodOf(kind, localDate, now), now);
    }

    /// <summary>The branch's stars for the quarter containing <paramref name="now"/> (null before it is set up).</summary>
    public int? CurrentQuarterStars(DateTimeOffset now) =>
        registry.Composer is { } composer ? UnitEffective.CurrentQuarterStars(registry, _totals, composer, now) : null;

    public LeaderboardView? Leaderboard(Metric metric, PeriodKind kind, LeaderboardScope scope, int top, DateOnly? localDate)
    {
        if (registry.Info is null) return null;
        var now = time.GetUtcNow();
        var period = PeriodKey.Containing(kind, localDate ?? registry.Clock.LocalDate(now));
        return Leaderboard(metric, period, scope, top, _dataVersion, now);
    }

    /// <summary>A leaderboard topic shows the board of the period of its kind that contains today.</summary>
    public LeaderboardView RenderTopic(Topic topic, long version, DateTimeOffset asOf)
    {
        var period = PeriodKey.Containing(topic.Period, registry.Clock.LocalDate(asOf));
        return Leaderboard(topic.Metric, period, topic.Scope, topic.Top, version, asOf) with { Topic = topic.Name };
    }

    /// <summary>
    /// Two boards show the same when their period, every entry and the size of the whole board agree (a display
    /// screen that hides the bottom half sees a different cut when only the size changed).
    /// </summary>
    public static bool SameBoard(LeaderboardView a, LeaderboardView b) =>
        a.Period == b.Period && a.RankedCount == b.RankedCount && a.Entries.SequenceEqual(b.Entries);

    /// <summary>Where every agent that counts in the period stands on a metric's board (unranked).</summary>
    public List<RankingInput> AgentStandings(Metric metric, PeriodKey period, DateTimeOffset at)
    {
        var inputs = new List<RankingInput>();
        foreach (var agentId in registry.Members.Ids)
        {
            if (!_totals.HasShares(agentId, period) && !registry.IsActiveHere(agentId, at)) continue;
            inputs.Add(Standing(agentId, metric, period));
        }
        return inputs;
    }

    public RankingInput Standing(string agentId, Metric metric, PeriodKey period)
    {
        var totals = _totals.AgentTotals(agentId, period);
        var mark = totals.ReachedAt(metric);
        return new RankingInput(agentId, totals.Values[metric], mark.OccurredAt, mark.Arrival);
    }

    private LeaderboardView Leaderboard(Metric metric, PeriodKey period, LeaderboardScope scope, int top, long version, DateTimeOffset asOf)
    {
        var clock = registry.Clock;
        var (start, end) = clock.Bounds(period);
        var at = asOf < end ? asOf : end.AddTicks(-1);
        var (entries, rankedCount) = scope == LeaderboardScope.Teams ? RankTeams(metric, period, top) : RankAgents(metric, period, top, at);
        return new LeaderboardView(branchId, metric.Name(), new PeriodView(PeriodKey.KindName(period.Kind), start, end),
            Topic.ScopeName(scope), version, clock.ToLocal(asOf), entries, RankedCount: rankedCount);
    }

    /// <summary>The top of the agents' board, and how many the whole board ranks.</summary>
    private (IReadOnlyList<LeaderboardEntryView> Entries, int RankedCount) RankAgents(Metric metric, PeriodKey period, int top, DateTimeOffset at)
    {
        var members = registry.Members;
        var standings = AgentStandings(metric, period, at);
        var entries = Ranking.Rank(standings, top)
            .Select(r => new LeaderboardEntryView(r.Rank, r.Id, members.NameOf(r.Id), members.TeamAt(r.Id, at), r.Value, members.IsNameHidden(r.Id)))
            .ToArray();
        return (entries, standings.Count);
    }

    /// <summary>The top of the teams' board, and how many the whole board ranks.</summary>
    private (IReadOnlyList<LeaderboardEntryView> Entries, int RankedCount) RankTeams(Metric metric, PeriodKey period, int top)
    {
        var teams = registry.Teams;
        var inputs = teams.Keys.Select(teamId =>
        {
            var totals = _totals.TeamTotals(teamId, period);
            var mark = totals.ReachedAt(metric);
            return new RankingInput(teamId, totals.Values[metric], mark.OccurredAt, mark.Arrival);
        });
        var entries = Ranking.Rank(inputs, top)
            .Select(r => new LeaderboardEntryView(r.Rank, r.Id, teams[r.Id].Name, r.Id, r.Value))
            .ToArray();
        return (entries, teams.Count);
    }
}
