using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.IntegrationTests.Infrastructure;
using static Tracking.IntegrationTests.Campaigns.CampaignCluster;

namespace Tracking.IntegrationTests.Campaigns;

/// <summary>
/// Campaigns on a cluster with a fake product clock: agents tally their own events, campaigns rank the
/// tallies. Every expected number is worked out by hand in the comments.
/// </summary>
/// <remarks>A cluster of its own: these tests move the clock by days, which the shared cluster's tests must not see.</remarks>
public sealed class CampaignGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    /// <summary>One branch, teams T1 (agents 1, 2) and T2 (agent 3), all there since long before the campaign.</summary>
    /// <remarks>The clock stands at Sunday 20:00, before every window below.</remarks>
    private Task<(CampaignCluster Org, DateTimeOffset Monday)> OrgAsync() => ThreeAgentsAsync(fixture);

    [Fact]
    public async Task Window_edges_are_exact_in_branch_local_time_start_inclusive_end_exclusive()
    {
        var (org, monday) = await OrgAsync();
        var startsAt = monday;                 // Monday 00:00 +08:00
        var endsAt = monday.AddDays(2);        // Wednesday 00:00 +08:00
        var campaign = org.Campaign("edges");
        await org.SaveAsync(campaign, Rules("两日冲刺", Metric.Fyp, CampaignUnit.Agent, startsAt, endsAt, new([org.Branch(1)], [], [])));

        org.SetClock(startsAt.AddSeconds(30));
        await org.RecordAsync(
            org.Policy(1, startsAt.AddMilliseconds(-1), "P1", 1000m),  // Sunday 23:59:59.999: before the start
            org.Policy(1, startsAt, "P2", 2000m));                      // Monday 00:00:00.000: counts
        org.SetClock(endsAt.AddMilliseconds(-1));
        await org.RecordAsync(org.Policy(1, endsAt.AddMilliseconds(-1), "P3", 4000m)); // Tuesday 23:59:59.999: counts
        org.SetClock(endsAt);
        await org.RecordAsync(
            org.Policy(1, endsAt, "P4", 8000m),                                              // Wednesday 00:00: does not
            org.Policy(2, endsAt.AddMilliseconds(-1).ToUniversalTime(), "P5", 16000m),      // 15:59:59.999Z = Tuesday 23:59:59.999 local: counts
            org.Policy(3, endsAt.ToUniversalTime(), "P6", 32000m));                           // 16:00:00Z = Wednesday 00:00 local: does not

        // Agent 1: 2,000 + 4,000 = 6,000; agent 2: 16,000; agent 3: nothing inside the window.
        var board = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 22000m);
        Assert.Equal([(org.Agent(2), 1, 16000m), (org.Agent(1), 2, 6000m), (org.Agent(3), 3, 0m)], Standings(board));
        Assert.Equal(("finished", false), (board.Status, board.Frozen)); // at the end, within the grace
        Assert.Equal(["Agent 2", "Agent 1", "Agent 3"], board.Entries.Select(e => e.Name));
    }

    [Fact]
    public async Task A_late_event_counts_within_the_grace_and_after_it_nothing_changes_not_even_a_cancellation()
    {
        var (org, monday) = await OrgAsync();
        var startsAt = monday.AddHours(9);
        var endsAt = monday.AddHours(10);
        var campaign = org.Campaign("grace");
        await org.SaveAsync(campaign, Rules("一小时冲刺", Metric.Fyp, CampaignUnit.Agent, startsAt, endsAt, new([org.Branch(1)], [], []), target: 10000m));
        Assert.Equal("scheduled", (await campaign.GetScoreboard())!.Status);

        org.SetClock(monday.AddHours(9.5));
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 3000m), org.Policy(2, org.Now, "P2", 5000m));
        var running = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 8000m);
        Assert.Equal("running", running.Status);
        Assert.Equal([(org.Agent(2), 1, 5000m), (org.Agent(1), 2, 3000m), (org.Agent(3), 3, 0m)], Standings(running));

        // 10:05, in the grace: agent 1's sale of 09:59:59 is reported late and counts: 3,000 + 4,000 = 7,000.
        org.SetClock(endsAt.AddMinutes(5));
        await org.RecordAsync(org.Policy(1, endsAt.AddSeconds(-1), "P3", 4000m));
        var late = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 12000m);
        Assert.Equal(("finished", false), (late.Status, late.Frozen));
        Assert.Equal([(org.Agent(1), 1, 7000m), (org.Agent(2), 2, 5000m), (org.Agent(3), 3, 0m)], Standings(late));

        // 10:10: the grace is over and the standings are final (progress = value ÷ 10,000).
        org.SetClock(endsAt.AddMinutes(10));
        var frozen = await ScoreboardWhen(campaign, b => b.Frozen);
        Assert.Equal([0.7m, 0.5m, 0m], frozen.Entries.Select(e => e.Progress));
        Assert.Equal(late.Entries, frozen.Entries);

        // 10:11: a sale of 09:58 reported now, and a cancellation of a counted sale: neither changes anything.
        org.SetClock(endsAt.AddMinutes(11));
        await org.RecordAsync(org.Policy(2, endsAt.AddMinutes(-2), "P4", 9000m), org.Cancellation(1, org.Now, "P1"));
        await Task.Delay(500);
        var after = (await campaign.GetScoreboard())!;
        Assert.Equal(frozen.Entries, after.Entries);
        Assert.True(after.Frozen);
        // The agent's own stats still take both in: the freeze is the campaign's, not the ledger's (5,000 + 9,000).
        Assert.Equal(14000m, (await fixture.Grains.GetGrain<IAgentGrain>(org.Agent(2)).GetStats(PeriodKind.Day, DateOnly.FromDateTime(monday.DateTime)))!.Metrics["fyp"]);
    }

    [Fact]
    public async Task A_cancelled_sale_takes_its_points_back_even_after_the_end_but_a_sale_from_before_the_window_takes_nothing()
    {
        var (org, monday) = await OrgAsync();
        var startsAt = monday.AddHours(9);
        var endsAt = monday.AddHours(10);
        org.SetClock(monday.AddHours(8));
        await org.RecordAsync(org.Policy(3, org.Now, "P0", 5000m)); // 08:00, before the window
        var campaign = org.Campaign("reversal");
        await org.SaveAsync(campaign, Rules("团队冲刺", Metric.Fyp, CampaignUnit.Team, startsAt, endsAt, new([org.Branch(1)], [], [])));

        org.SetClock(monday.AddHours(9).AddMinutes(10));
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 12000m), org.Policy(2, org.Now, "P2", 3000m), org.Policy(3, org.Now, "P3", 10000m));
        // T1 = 12,000 + 3,000 = 15,000; T2 = 10,000.
        var board = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 25000m);
        Assert.Equal([(org.Team(1), 1, 15000m), (org.Team(2), 2, 10000m)], Standings(board));

        // 09:40: agent 1 cancels P1 (T1 = 3,000) and agent 3 cancels P0, sold before the window (T2 stays 10,000).
        org.SetClock(monday.AddHours(9).AddMinutes(40));
        await org.RecordAsync(org.Cancellation(1, org.Now, "P1"), org.Cancellation(3, org.Now, "P0"));
        board = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 13000m);
        Assert.Equal([(org.Team(2), 1, 10000m), (org.Team(1), 2, 3000m)], Standings(board));

        // 10:02, after the end but within the grace: agent 2 cancels P2, sold inside the window: T1 = 0.
        org.SetClock(endsAt.AddMinutes(2));
        await org.RecordAsync(org.Cancellation(2, org.Now, "P2"));
        board = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 10000m);
        Assert.Equal([(org.Team(2), 1, 10000m), (org.Team(1), 2, 0m)], Standings(board));
    }

    [Fact]
    public async Task Percent_of_target_ranks_each_team_against_its_own_target()
    {
        var (org, monday) = await OrgAsync();
        var campaign = org.Campaign("fair");
        await org.SaveAsync(campaign, Rules("达成率冲刺", Metric.Fyp, CampaignUnit.Team, monday.AddHours(9), monday.AddHours(18),
            new([org.Branch(1)], [], []), CampaignScoring.PercentOfTarget, target: 20000m, targets: new() { [org.Team(1)] = 50000m }));

        org.SetClock(monday.AddHours(11));
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 30000m), org.Policy(2, org.Now, "P2", 10000m), org.Policy(3, org.Now, "P3", 18000m));

        // T1: 40,000 of its own 50,000 = 0.8; T2: 18,000 of the campaign's 20,000 = 0.9. T2 wins though T1 sold more.
        var board = await ScoreboardWhen(campaign, b => b.Entries.Sum(e => e.Value) == 58000m);
        Assert.Equal(
            [new CampaignEntryView(1, org.Team(2), "Team 2", 18000m, 20000m, 0.9m), new CampaignEntryView(2, org.Team(1), "Team 1", 40000m, 50000m, 0.8m)],
            board.Entries);
        Assert.Equal("percentOfTarget", board.Scoring);
    }

    [Fact]
    public async Task Campaigns_run_side_by_side_and_an_agent_who_moves_scores_for_the_team_and_branch_of_each_event()
    {
        var (org, monday) = await OrgAsync();
        await org.BranchAsync(2);
        await org.TeamAsync(4, 2);
        await org.AgentAsync(4, 4, 2, monday.AddDays(-30));
        var startsAt = monday.AddHours(9);
        var endsAt = monday.AddHours(12);
        var branches = org.Campaign("branches");  // branch against branch, FYP
        var team1 = org.Campaign("team1");        // the agents of team 1 only, FYP
        var cases = org.Campaign("cases");        // agent 4 alone, policies
        await org.SaveAsync(branches, Rules("营业部PK", Metric.Fyp, CampaignUnit.Branch, startsAt, endsAt, new([org.Branch(1), org.Branch(2)], [], [])));
        await org.SaveAsync(team1, Rules("一组冲刺", Metric.Fyp, CampaignUnit.Agent, startsAt, endsAt, new([], [org.Team(1)], [])));
        await org.SaveAsync(cases, Rules("件数", Metric.Policies, CampaignUnit.Agent, startsAt, endsAt, new([], [], [org.Agent(4)])));

        org.SetClock(monday.AddHours(9).AddMinutes(20));
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 1000m), org.Policy(2, org.Now, "P2", 700m), org.Policy(4, org.Now, "P4", 2000m));
        // Agent 2 moves to branch 2's team 4 as of 09:30 and sells 300 at 09:40.
        org.SetClock(monday.AddHours(9).AddMinutes(35));
        await org.AgentAsync(2, 4, 2, monday.AddHours(9).AddMinutes(30));
        org.SetClock(monday.AddHours(9).AddMinutes(40));
        await org.RecordAsync(org.Policy(2, org.Now, "P5", 300m), org.Policy(4, org.Now, "P6", 500m));

        // Branches: B1 = 1,000 + 700 = 1,700; B2 = 2,000 + 300 + 500 = 2,800.
        var board = await ScoreboardWhen(branches, b => b.Entries.Sum(e => e.Value) == 4500m);
        Assert.Equal([(org.Branch(2), 1, 2800m), (org.Branch(1), 2, 1700m)], Standings(board));
        // Team 1 only: agent 1 = 1,000; agent 2 = 700 (its 300 was sold for team 4). Agent 3 is in team 2: not listed.
        board = await ScoreboardWhen(team1, b => b.Entries.Sum(e => e.Value) == 1700m);
        Assert.Equal([(org.Agent(1), 1, 1000m), (org.Agent(2), 2, 700m)], Standings(board));
        // Agent 4 alone, counting cases: 2.
        board = await ScoreboardWhen(cases, b => b.Entries.Sum(e => e.Value) == 2m);
        Assert.Equal([(org.Agent(4), 1, 2m)], Standings(board));
    }

    [Fact]
    public async Task Rules_may_change_while_scheduled_and_are_locked_once_running()
    {
        var (org, monday) = await OrgAsync();
        var campaign = org.Campaign("locked");
        var rules = Rules("冲刺", Metric.Fyp, CampaignUnit.Agent, monday.AddHours(9), monday.AddHours(18), new([org.Branch(1)], [], []));
        var created = await campaign.Save(rules);
        Assert.Equal((CampaignSaveStatus.Saved, true), (created.Status, created.Created));

        var edited = await campaign.Save(rules with { Name = "冲刺 (改)", Target = 5000m });
        Assert.Equal((CampaignSaveStatus.Saved, false, "冲刺 (改)", 5000m), (edited.Status, edited.Created, edited.Campaign!.Name, edited.Campaign.Target));

        var unknown = await campaign.Save(rules with { Participants = new([org.Branch(1)], ["no-such-team"], []) });
        Assert.Equal(CampaignSaveStatus.UnknownReferences, unknown.Status);
        Assert.Equal("participants.teamIds", Assert.Single(unknown.Errors).Field);
        var stranger = await campaign.Save(rules with { Targets = new Dictionary<string, decimal> { [org.Team(1)] = 10m } });
        Assert.Equal(("targets." + org.Team(1), CampaignSaveStatus.UnknownReferences), (Assert.Single(stranger.Errors).Field, stranger.Status)); // a team, but the unit is agent

        org.SetClock(monday.AddHours(9));
        var locked = await campaign.Save(rules with { Target = 1m });
        Assert.Equal(CampaignSaveStatus.Locked, locked.Status);
        Assert.Contains("running", locked.Errors[0].Message);
        Assert.Equal(5000m, (await campaign.Get())!.Target);

        // A campaign may be set up late, but not more than 366 days after its start.
        var tooLate = await org.Campaign("late").Save(rules with { Window = rules.Window with { StartsAt = monday.AddDays(-367), EndsAt = monday.AddDays(-366) } });
        Assert.Equal(("startsAt", CampaignSaveStatus.Invalid), (Assert.Single(tooLate.Errors).Field, tooLate.Status));
    }
}
