using Tracking.Domain.Campaigns;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CampaignStandingsTests
{
    private static readonly CampaignWindow Window = new(At("2026-12-01T00:00:00+08:00"), At("2026-12-13T00:00:00+08:00"), TimeSpan.FromMinutes(10));

    private static CampaignRules Rules(CampaignUnit unit, CampaignScoring scoring = CampaignScoring.Absolute, decimal? target = null,
        Dictionary<string, decimal>? targets = null, CampaignParticipants? who = null) =>
        new("双十二冲刺", Metric.Fyp, unit, Window, who ?? new CampaignParticipants(["SZ01", "SZ02"], [], []), scoring, target, targets);

    private static CampaignCredit Credit(string team, string branch, decimal value, string at, long arrival = 1) =>
        new(team, branch, value, new ValueMark(At(at), arrival));

    [Fact]
    public void Percent_of_target_lets_a_small_team_beat_a_big_one()
    {
        // Team T1 (target 200,000) made 150,000 = 75 %; team T2 (target 50,000) made 45,000 = 90 %;
        // team T3 has no target of its own and takes the campaign's 100,000: 80,000 = 80 %.
        var standings = new CampaignStandings();
        standings.Apply("A1", 1, [Credit("T1", "SZ01", 100000m, "2026-12-03T10:00:00+08:00")]);
        standings.Apply("A2", 1, [Credit("T1", "SZ01", 50000m, "2026-12-04T10:00:00+08:00")]);
        standings.Apply("A3", 1, [Credit("T2", "SZ01", 45000m, "2026-12-05T10:00:00+08:00")]);
        standings.Apply("A4", 1, [Credit("T3", "SZ02", 80000m, "2026-12-06T10:00:00+08:00")]);

        var rules = Rules(CampaignUnit.Team, CampaignScoring.PercentOfTarget, target: 100000m, targets: new() { ["T1"] = 200000m, ["T2"] = 50000m });
        var board = standings.Score(rules, ["T1", "T2", "T3"]);

        Assert.Equal(
            [new CampaignScore(1, "T2", 45000m, 50000m, 0.9m), new CampaignScore(2, "T3", 80000m, 100000m, 0.8m), new CampaignScore(3, "T1", 150000m, 200000m, 0.75m)],
            board);

        // The same numbers scored absolutely: the big team wins.
        Assert.Equal(["T1", "T3", "T2"], standings.Score(rules with { Scoring = CampaignScoring.Absolute }, ["T1", "T2", "T3"]).Select(s => s.Id));
    }

    [Fact]
    public void Equal_progress_shares_a_rank_and_the_one_who_got_there_first_is_listed_first()
    {
        // 30,000 of 60,000 and 10,000 of 20,000 are both 50 %; A2 got there on the 3rd, A1 on the 4th.
        var standings = new CampaignStandings();
        standings.Apply("A1", 1, [Credit("T1", "SZ01", 30000m, "2026-12-04T10:00:00+08:00")]);
        standings.Apply("A2", 1, [Credit("T1", "SZ01", 10000m, "2026-12-03T10:00:00+08:00")]);
        standings.Apply("A3", 1, [Credit("T1", "SZ01", 5000m, "2026-12-02T10:00:00+08:00")]);
        var rules = Rules(CampaignUnit.Agent, CampaignScoring.PercentOfTarget, target: 20000m, targets: new() { ["A1"] = 60000m });

        Assert.Equal(
            [new CampaignScore(1, "A2", 10000m, 20000m, 0.5m), new CampaignScore(1, "A1", 30000m, 60000m, 0.5m), new CampaignScore(3, "A3", 5000m, 20000m, 0.25m)],
            standings.Score(rules, []));
    }

    [Fact]
    public void Branch_units_sum_their_agents_and_every_roster_member_is_listed_even_at_zero()
    {
        var standings = new CampaignStandings();
        standings.Apply("A1", 1, [Credit("T1", "SZ01", 1200m, "2026-12-03T10:00:00+08:00"), Credit("T3", "SZ02", 300m, "2026-12-09T10:00:00+08:00")]);
        standings.Apply("A2", 1, [Credit("T2", "SZ01", 800m, "2026-12-04T10:00:00+08:00")]);

        var board = standings.Score(Rules(CampaignUnit.Branch, target: 1000m), ["SZ01", "SZ02", "SZ03"]);

        Assert.Equal(
            [new CampaignScore(1, "SZ01", 2000m, 1000m, 2m), new CampaignScore(2, "SZ02", 300m, 1000m, 0.3m), new CampaignScore(3, "SZ03", 0m, 1000m, 0m)],
            board);
    }

    [Fact]
    public void Credits_of_non_participants_are_left_out_and_progress_is_null_without_a_target()
    {
        var standings = new CampaignStandings();
        standings.Apply("A1", 1, [Credit("T1", "SZ01", 1200m, "2026-12-03T10:00:00+08:00"), Credit("T9", "SZ09", 999m, "2026-12-04T10:00:00+08:00")]);

        var board = standings.Score(Rules(CampaignUnit.Team, who: new CampaignParticipants([], ["T1"], [])), ["T1"]);

        Assert.Equal([new CampaignScore(1, "T1", 1200m, null, null)], board);
    }

    [Fact]
    public void An_older_or_repeated_tally_changes_nothing()
    {
        var standings = new CampaignStandings();
        Assert.True(standings.Apply("A1", 5, [Credit("T1", "SZ01", 500m, "2026-12-03T10:00:00+08:00")]));
        Assert.False(standings.Apply("A1", 4, [Credit("T1", "SZ01", 900m, "2026-12-04T10:00:00+08:00")]));
        Assert.False(standings.Apply("A1", 5, [Credit("T1", "SZ01", 900m, "2026-12-04T10:00:00+08:00")]));
        Assert.False(standings.Apply("A1", 6, [Credit("T1", "SZ01", 500m, "2026-12-03T10:00:00+08:00")])); // same content
        Assert.Equal(500m, standings.Score(Rules(CampaignUnit.Agent), []).Single().Value);
    }
}
