using System.Runtime.InteropServices;
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
    private readonly List<RankingInput> _standings = [];
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

    /// <summary>What the branch holds of one metric of an agent's totals in a period.</summary>
    public decimal AgentValue(string agentId, PeriodKey period, Metric metric) => _totals.AgentValue(agentId, period, metric).Value;

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

    /// <summary>
    /// Where every agent that counts in the period stands on a metric's board (unranked), in a buffer the
    /// boards reuse: read it before asking the boards for standings again.
    /// </summary>
    public ReadOnlySpan<RankingInput> AgentStandings(Metric metric, PeriodKey period, DateTimeOffset at)
    {
        _standings.Clear();
        foreach (var agentId in registry.Members.Ids)
        {
            if (!_totals.HasShares(agentId, period) && !registry.IsActiveHere(agentId, at)) continue;
            _standings.Add(Standing(agentId, metric, period));
        }
        return CollectionsMarshal.AsSpan(_standings);
    }

    public RankingInput Standing(string agentId, Metric metric, PeriodKey period)
    {
        var (value, mark) = _totals.AgentValue(agentId, period, metric);
        return new RankingInput(agentId, value, mark.OccurredAt, mark.Arrival);
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
        var ranked = Ranking.Rank(standings, top);
        var entries = new LeaderboardEntryView[ranked.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var (rank, id, value) = ranked[i];
            entries[i] = new LeaderboardEntryView(rank, id, members.NameOf(id), members.TeamAt(id, at), value, members.IsNameHidden(id));
        }
        return (entries, standings.Length);
    }

    /// <summary>The top of the teams' board, and how many the whole board ranks.</summary>
    private (IReadOnlyList<LeaderboardEntryView> Entries, int RankedCount) RankTeams(Metric metric, PeriodKey period, int top)
    {
        var teams = registry.Teams;
        _standings.Clear();
        foreach (var teamId in teams.Keys)
        {
            var (value, mark) = _totals.TeamValue(teamId, period, metric);
            _standings.Add(new RankingInput(teamId, value, mark.OccurredAt, mark.Arrival));
        }
        var ranked = Ranking.Rank(CollectionsMarshal.AsSpan(_standings), top);
        var entries = new LeaderboardEntryView[ranked.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var (rank, id, value) = ranked[i];
            entries[i] = new LeaderboardEntryView(rank, id, teams[id].Name, id, value);
        }
        return (entries, teams.Count);
    }
}
