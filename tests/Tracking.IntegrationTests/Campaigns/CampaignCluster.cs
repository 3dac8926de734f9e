using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Campaigns;

/// <summary>
/// Helpers for campaign tests on a cluster of their own (they move the fake product clock by days):
/// a fresh Shanghai organisation per test and a fresh Monday after whatever the clock shows.
/// </summary>
public sealed class CampaignCluster(ClusterFixture fixture)
{
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public IGrainFactory Grains => fixture.Grains;

    public string Prefix { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Midnight starting a Monday in Shanghai, at least a week after the clock (which only moves forward).</summary>
    public DateTimeOffset NextMonday()
    {
        var local = fixture.Time.GetUtcNow().ToOffset(Shanghai);
        var monday = local.Date.AddDays(((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7 + 7);
        return new DateTimeOffset(monday, Shanghai);
    }

    public void SetClock(DateTimeOffset at) => fixture.Time.SetUtcNow(at);

    /// <summary>
    /// One branch, teams T1 (agents 1, 2) and T2 (agent 3), all there since 30 days before the next Monday; the
    /// clock at the Sunday 20:00 before it.
    /// </summary>
    public static async Task<(CampaignCluster Org, DateTimeOffset Monday)> ThreeAgentsAsync(ClusterFixture fixture)
    {
        var org = new CampaignCluster(fixture);
        var monday = org.NextMonday();
        org.SetClock(monday.AddDays(-1).AddHours(20));
        await org.BranchAsync(1);
        await org.TeamAsync(1, 1);
        await org.TeamAsync(2, 1);
        var joined = monday.AddDays(-30);
        await org.AgentAsync(1, 1, 1, joined);
        await org.AgentAsync(2, 1, 1, joined);
        await org.AgentAsync(3, 2, 1, joined);
        return (org, monday);
    }

    public DateTimeOffset Now => fixture.Time.GetUtcNow();

    public string Branch(int n) => $"B{n}-{Prefix}";

    public string Team(int n) => $"T{n}-{Prefix}";

    public string Agent(int n) => $"A{n}-{Prefix}";

    public async Task BranchAsync(int n)
    {
        await Grains.GetGrain<IBranchGrain>(Branch(n)).Upsert(new BranchInfo(Branch(n), $"Branch {n}", "Asia/Shanghai"));
    }

    public async Task<TeamInfo> TeamAsync(int n, int branch)
    {
        var team = new TeamInfo(Team(n), Branch(branch), $"Team {n}", []);
        await Grains.GetGrain<ITeamGrain>(team.Id).Upsert(team);
        return team;
    }

    /// <summary>Puts an agent in a team from <paramref name="effectiveFrom"/> (joining, or a move).</summary>
    public async Task AgentAsync(int n, int team, int branch, DateTimeOffset effectiveFrom)
    {
        var info = new AgentInfo(Agent(n), Team(team), $"Agent {n}", true, effectiveFrom);
        await Grains.UpsertAgentAsync(info, new TeamInfo(Team(team), Branch(branch), $"Team {team}", []));
    }

    private int _event;

    public ActivityEvent Policy(int agent, DateTimeOffset at, string policyId, decimal premium) =>
        new($"{Prefix}-e{++_event}", Agent(agent), ActivityType.Policy, at, Policy: new PolicyDetails($"{Prefix}-{policyId}", premium));

    public ActivityEvent Cancellation(int agent, DateTimeOffset at, string policyId) =>
        new($"{Prefix}-e{++_event}", Agent(agent), ActivityType.Cancellation, at, Cancellation: new CancellationDetails($"{Prefix}-{policyId}"));

    public async Task RecordAsync(params ActivityEvent[] events)
    {
        foreach (var group in events.GroupBy(e => e.AgentId))
        {
            var result = await Grains.GetGrain<IAgentGrain>(group.Key).Record(group.ToArray());
            Assert.True(result.Status == RecordStatus.Ok, $"{group.Key}: {result.Status} {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }
    }

    public static CampaignRules Rules(string name, Metric metric, CampaignUnit unit, DateTimeOffset startsAt, DateTimeOffset endsAt,
        CampaignParticipants participants, CampaignScoring scoring = CampaignScoring.Absolute, decimal? target = null,
        Dictionary<string, decimal>? targets = null, int graceMinutes = 10) =>
        new(name, metric, unit, new CampaignWindow(startsAt, endsAt, TimeSpan.FromMinutes(graceMinutes)), participants, scoring, target, targets);

    public ICampaignGrain Campaign(string name) => Grains.GetGrain<ICampaignGrain>($"{name}-{Prefix}");

    public async Task SaveAsync(ICampaignGrain campaign, CampaignRules rules)
    {
        var saved = await campaign.Save(rules);
        Assert.True(saved.Status == CampaignSaveStatus.Saved, $"{saved.Status}: {string.Join("; ", saved.Errors.Select(e => $"{e.Field} {e.Message}"))}");
    }

    /// <summary>The scoreboard once it satisfies <paramref name="condition"/> (reports and the campaign's clock are asynchronous).</summary>
    public static async Task<CampaignScoreboardView> ScoreboardWhen(ICampaignGrain campaign, Func<CampaignScoreboardView, bool> condition)
    {
        var board = await Eventually.Until(async () => (await campaign.GetScoreboard())!, condition, TimeSpan.FromSeconds(5));
        Assert.True(condition(board), $"the scoreboard never got there; it shows {string.Join(", ", Standings(board))} ({board.Status}, frozen: {board.Frozen})");
        return board;
    }

    /// <summary>(id, rank, value) of every entry, for comparing with numbers worked out by hand.</summary>
    public static (string Id, int Rank, decimal Value)[] Standings(CampaignScoreboardView board) =>
        board.Entries.Select(e => (e.Id, e.Rank, e.Value)).ToArray();
}
