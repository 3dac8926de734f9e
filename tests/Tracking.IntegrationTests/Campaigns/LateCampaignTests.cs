using Stopwatch = System.Diagnostics.Stopwatch;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Tracking.IntegrationTests.Campaigns.CampaignCluster;

namespace Tracking.IntegrationTests.Campaigns;

/// <summary>
/// Campaigns set up after their start (the in-memory event log of the embedded mode): the standings count the events
/// already recorded exactly as a campaign that existed from the start counted them live.
/// </summary>
/// <remarks>A cluster of its own: these tests move the clock by days.</remarks>
public sealed class LateCampaignTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    /// <summary>
    /// One branch, teams T1 (agents 1, 2) and T2 (agent 3); agent 2 moves to T2 on Tuesday 00:00, inside the window
    /// Monday 09:00 – Tuesday 18:00. The clock stands at Sunday 20:00.
    /// </summary>
    private async Task<(CampaignCluster Org, DateTimeOffset Monday)> OrgAsync()
    {
        var (org, monday) = await ThreeAgentsAsync(fixture);
        await org.AgentAsync(2, 2, 1, monday.AddDays(1));
        return (org, monday);
    }

    private static CampaignRules Sprint(CampaignCluster org, DateTimeOffset monday, CampaignUnit unit) =>
        Rules("冲刺", Metric.Fyp, unit, monday.AddHours(9), monday.AddDays(1).AddHours(18), new([org.Branch(1)], [], []));

    /// <summary>Records each event with the clock at the moment it occurred (a sale reported as it is made).</summary>
    private static async Task LiveAsync(CampaignCluster org, params ActivityEvent[] events)
    {
        foreach (var e in events)
        {
            if (org.Now < e.OccurredAt) org.SetClock(e.OccurredAt);
            await org.RecordAsync(e);
        }
    }

    /// <summary>
    /// The events of the acceptance test, by hand (FYP is the premium of the window's sales less cancelled ones):
    /// agent 1: P1 5,000 before the window (not counted, and its cancellation inside it takes nothing back),
    /// P2 8,000 Monday 10:00, P3 2,000 Monday 11:00 cancelled Tuesday 09:00 → 8,000, all in T1.
    /// agent 2: P4 3,000 Monday 12:00 (T1), P5 6,000 Tuesday 10:00 (T2, after the move), P6 9,000 Tuesday 18:00 (the end, not counted) → 9,000.
    /// agent 3: P7 4,000 Monday 15:00, P8 1,000 Tuesday 17:59 → 5,000, in T2.
    /// Teams: T1 = 8,000 + 3,000 = 11,000; T2 = 6,000 + 5,000 = 11,000 (a tie: the earlier to reach it ranks first).
    /// </summary>
    private static async Task WindowEventsAsync(CampaignCluster org, DateTimeOffset monday, int upToStep = int.MaxValue)
    {
        var steps = new Func<Task>[]
        {
            () => LiveAsync(org, org.Policy(1, monday.AddHours(8), "P1", 5000m)),
            () => LiveAsync(org, org.Policy(1, monday.AddHours(10), "P2", 8000m), org.Policy(1, monday.AddHours(11), "P3", 2000m)),
            () => LiveAsync(org, org.Policy(2, monday.AddHours(12), "P4", 3000m), org.Policy(3, monday.AddHours(15), "P7", 4000m)),
            () => LiveAsync(org, org.Cancellation(1, monday.AddDays(1).AddHours(9), "P3"), org.Cancellation(1, monday.AddDays(1).AddHours(9.5), "P1")),
            () => LiveAsync(org, org.Policy(2, monday.AddDays(1).AddHours(10), "P5", 6000m)),
            () => LiveAsync(org, org.Policy(3, monday.AddDays(1).AddHours(17).AddMinutes(59), "P8", 1000m), org.Policy(2, monday.AddDays(1).AddHours(18), "P6", 9000m)),
        };
        foreach (var step in steps.Take(upToStep)) await step();
    }

    [Fact]
    public async Task The_same_events_give_identical_final_standings_to_a_campaign_set_up_before_its_window_and_one_set_up_after_its_end()
    {
        var (org, monday) = await OrgAsync();
        var early = new[] { org.Campaign("early-agent"), org.Campaign("early-team") };
        await org.SaveAsync(early[0], Sprint(org, monday, CampaignUnit.Agent));
        await org.SaveAsync(early[1], Sprint(org, monday, CampaignUnit.Team));

        await WindowEventsAsync(org, monday);
        org.SetClock(monday.AddDays(1).AddHours(18).AddMinutes(30)); // after the freeze at 18:10
        var earlyAgents = await ScoreboardWhen(early[0], b => b.Frozen);
        var earlyTeams = await ScoreboardWhen(early[1], b => b.Frozen);
        Assert.Equal([(org.Agent(2), 1, 9000m), (org.Agent(1), 2, 8000m), (org.Agent(3), 3, 5000m)], Standings(earlyAgents));
        Assert.Equal([11000m, 11000m], Standings(earlyTeams).Select(s => s.Value));

        var lateAgents = org.Campaign("late-agent");
        var lateTeams = org.Campaign("late-team");
        var saved = await lateAgents.Save(Sprint(org, monday, CampaignUnit.Agent));
        Assert.Equal((CampaignSaveStatus.Saved, "finished", true), (saved.Status, saved.Campaign!.Status, saved.Campaign.Frozen));
        await org.SaveAsync(lateTeams, Sprint(org, monday, CampaignUnit.Team));

        var agentsBoard = (await lateAgents.GetScoreboard())!;
        var teamsBoard = (await lateTeams.GetScoreboard())!;
        Assert.True(agentsBoard.Frozen && teamsBoard.Frozen);
        Assert.Equal(Standings(earlyAgents), Standings(agentsBoard));
        Assert.Equal(Standings(earlyTeams), Standings(teamsBoard));
    }

    [Fact]
    public async Task A_campaign_set_up_mid_window_shows_the_recorded_events_at_once_then_keeps_counting_live()
    {
        var (org, monday) = await OrgAsync();
        var early = org.Campaign("early");
        await org.SaveAsync(early, Sprint(org, monday, CampaignUnit.Team));
        await WindowEventsAsync(org, monday, upToStep: 4); // up to Tuesday 09:30: T1 = 8,000 + 3,000, T2 = 4,000

        var late = org.Campaign("late");
        var saved = await late.Save(Sprint(org, monday, CampaignUnit.Team));
        Assert.Equal((CampaignSaveStatus.Saved, "running", false), (saved.Status, saved.Campaign!.Status, saved.Campaign.Frozen));
        Assert.Equal([(org.Team(1), 1, 11000m), (org.Team(2), 2, 4000m)], Standings((await late.GetScoreboard())!));

        await LiveAsync(org, org.Policy(2, monday.AddDays(1).AddHours(10), "P5", 6000m));
        await LiveAsync(org, org.Policy(3, monday.AddDays(1).AddHours(17).AddMinutes(59), "P8", 1000m));
        // T2 = 4,000 + 6,000 + 1,000 = 11,000, reached after T1's 11,000: T1 keeps rank 1 on the tie.
        var liveBoard = await ScoreboardWhen(late, b => Standings(b).Sum(s => s.Value) == 22000m);
        Assert.Equal(Standings(await ScoreboardWhen(early, b => Standings(b).Sum(s => s.Value) == 22000m)), Standings(liveBoard));

        org.SetClock(monday.AddDays(1).AddHours(18).AddMinutes(30));
        var frozenEarly = await ScoreboardWhen(early, b => b.Frozen);
        var frozenLate = await ScoreboardWhen(late, b => b.Frozen);
        Assert.Equal(Standings(frozenEarly), Standings(frozenLate));
    }

    [Fact]
    public async Task Setting_up_a_campaign_over_1000_agents_with_100_events_each_in_its_window_takes_under_5_seconds()
    {
        const int agents = 1000, eventsEach = 100;
        var org = new CampaignCluster(fixture);
        var monday = org.NextMonday();
        org.SetClock(monday.AddDays(-1));
        await org.BranchAsync(1);
        await org.TeamAsync(1, 1);
        var numbers = Enumerable.Range(1, agents).ToArray();
        foreach (var chunk in numbers.Chunk(50)) await Task.WhenAll(chunk.Select(n => org.AgentAsync(n, 1, 1, monday.AddDays(-30))));

        // Every agent sells 100 policies of 100 each on Monday, one a minute from 09:00, recorded by 12:00.
        org.SetClock(monday.AddHours(12));
        foreach (var chunk in numbers.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(n => org.RecordAsync(Enumerable.Range(0, eventsEach)
                .Select(i => org.Policy(n, monday.AddHours(9).AddMinutes(i), $"P{n}-{i}", 100m)).ToArray())));
        }

        var campaign = org.Campaign("big");
        var clock = Stopwatch.StartNew();
        var saved = await campaign.Save(Rules("大冲刺", Metric.Fyp, CampaignUnit.Agent, monday.AddHours(9), monday.AddDays(1), new([org.Branch(1)], [], [])));
        clock.Stop();
        output.WriteLine($"Backfill of {agents} agents x {eventsEach} events: {clock.ElapsedMilliseconds} ms");
        Assert.Equal((CampaignSaveStatus.Saved, "running"), (saved.Status, saved.Campaign!.Status));
        var board = (await campaign.GetScoreboard())!;
        Assert.Equal(agents, board.Entries.Count);
        Assert.All(board.Entries, e => Assert.Equal(eventsEach * 100m, e.Value));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the backfill took {clock.Elapsed}");
    }
}
