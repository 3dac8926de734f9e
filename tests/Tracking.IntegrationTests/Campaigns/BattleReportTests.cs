using System.Collections.Concurrent;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Celebrations;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Campaigns;

/// <summary>Battle reports on <c>branch:{id}</c>: the minimum premium, targets reached, rank 1 taken, and the branch's rate limit.</summary>
/// <remarks>A cluster of its own: the rate-limit test steps the fake product clock.</remarks>
public sealed class BattleReportTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private sealed class Screen : ITopicObserver
    {
        public ConcurrentQueue<CelebrationView> Celebrations { get; } = new();

        public Task OnUpdate(TopicUpdate update)
        {
            if (update.Payload is CelebrationView celebration) Celebrations.Enqueue(celebration);
            return Task.CompletedTask;
        }
    }

    /// <summary>One branch, one team, three agents; a screen on the branch topic; the clock at 10:00 of a fresh Monday.</summary>
    private async Task<(CampaignCluster Org, Screen Screen)> BranchAsync(CelebrationSettings settings)
    {
        var org = new CampaignCluster(fixture);
        org.SetClock(org.NextMonday().AddHours(10));
        await org.BranchAsync(1);
        await org.TeamAsync(1, 1);
        for (var a = 1; a <= 3; a++) await org.AgentAsync(a, 1, 1, org.Now.AddDays(-30));
        var branch = fixture.Grains.GetGrain<IBranchGrain>(org.Branch(1));
        await branch.SetCelebrationSettings(settings);
        var screen = new Screen();
        Assert.True(Topic.TryParse($"branch:{org.Branch(1)}", out var topic, out _));
        await branch.Subscribe(topic, fixture.Cluster.Client.CreateObjectReference<ITopicObserver>(screen));
        return (org, screen);
    }

    private static async Task<CelebrationView[]> ReceivedAsync(Screen screen, int count)
    {
        await Eventually.Until(() => Task.FromResult(screen.Celebrations.Count), n => n >= count, TimeSpan.FromSeconds(3));
        await Task.Delay(300); // and nothing more
        // In the order the branch sent them (a test client may run one-way calls side by side).
        return screen.Celebrations.OrderBy(c => c.Version).ToArray();
    }

    private static readonly CelebrationSettings Unlimited = CelebrationSettings.Default with { Burst = 100 };

    [Fact]
    public async Task A_policy_is_cheered_only_from_the_branchs_minimum_premium()
    {
        var (org, screen) = await BranchAsync(Unlimited with { PolicyMinPremium = 10000m, RankUp = false });
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 9999.99m));
        await org.RecordAsync(org.Policy(2, org.Now, "P2", 10000m));
        await org.RecordAsync(org.Policy(3, org.Now, "P3", 25000m));

        var cheered = await ReceivedAsync(screen, 2);
        Assert.Equal([("policy", org.Agent(2), 10000m), ("policy", org.Agent(3), 25000m)], cheered.Select(c => (c.Kind, c.AgentId, c.Value)));
    }

    [Fact]
    public async Task An_agent_reaching_a_target_is_cheered_once_for_the_widest_period_crossed()
    {
        var (org, screen) = await BranchAsync(Unlimited with { PolicyMinPremium = 1_000_000m, RankUp = false });
        await fixture.Grains.GetGrain<IBranchGrain>(org.Branch(1)).UpsertTargets([
            new TargetSetting(TargetScope.Branch, org.Branch(1), Metric.Fyp, PeriodKind.Day, 10000m),
            new TargetSetting(TargetScope.Agent, org.Agent(2), Metric.Fyp, PeriodKind.Week, 12000m),
        ]);

        // Agent 1: 6,000 then 5,000 = 11,000 ≥ 10,000 a day: crossed with the second sale. A third sale is no news.
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 6000m));
        await org.RecordAsync(org.Policy(1, org.Now, "P2", 5000m));
        await org.RecordAsync(org.Policy(1, org.Now, "P3", 1000m));
        // Agent 2: one sale of 12,500 crosses both its day (10,000) and its own week (12,000) target: the week is the news.
        await org.RecordAsync(org.Policy(2, org.Now, "P4", 12500m));

        var cheered = await ReceivedAsync(screen, 2);
        Assert.Equal(
            [("targetReached", org.Agent(1), 11000m, "fyp", "day"), ("targetReached", org.Agent(2), 12500m, "fyp", "week")],
            cheered.Select(c => (c.Kind, c.AgentId, c.Value, c.Metric, c.Period)));
    }

    [Fact]
    public async Task An_agent_taking_rank_one_of_the_fyp_day_board_from_someone_is_cheered()
    {
        var (org, screen) = await BranchAsync(Unlimited with { PolicyMinPremium = 1_000_000m, TargetReached = false });
        await org.RecordAsync(org.Policy(1, org.Now, "P1", 5000m)); // the day's first sale: leads, overtakes nobody
        await org.RecordAsync(org.Policy(2, org.Now, "P2", 6000m)); // 6,000 > 5,000: agent 2 takes rank 1
        await org.RecordAsync(org.Policy(1, org.Now, "P3", 500m));  // 5,500 < 6,000: no change
        await org.RecordAsync(org.Policy(3, org.Now, "P4", 6000m)); // ties 6,000 but agent 2 got there first: no change
        await org.RecordAsync(org.Policy(1, org.Now, "P5", 1000m)); // 6,500: agent 1 back on top

        var cheered = await ReceivedAsync(screen, 2);
        Assert.Equal([("rankUp", org.Agent(2), 6000m), ("rankUp", org.Agent(1), 6500m)], cheered.Select(c => (c.Kind, c.AgentId, c.Value)));
        Assert.All(cheered, c => Assert.Equal(("fyp", "day"), (c.Metric, c.Period)));
    }

    [Fact]
    public async Task A_burst_shows_three_at_once_then_the_rest_merged_into_one_when_the_rate_limit_allows()
    {
        var (org, screen) = await BranchAsync(CelebrationSettings.Default with { RankUp = false }); // burst 3, then one per 5 s
        // Six sales in one batch of agent 1 and one of agent 2, all in the same instant.
        await org.RecordAsync(
            org.Policy(1, org.Now, "P1", 1000m), org.Policy(1, org.Now, "P2", 2000m), org.Policy(1, org.Now, "P3", 3000m),
            org.Policy(1, org.Now, "P4", 4000m), org.Policy(1, org.Now, "P5", 9000m), org.Policy(2, org.Now, "P6", 5000m));

        var first = await ReceivedAsync(screen, 3);
        Assert.Equal([1000m, 2000m, 3000m], first.Select(c => c.Value));
        Assert.All(first, c => Assert.Equal(0, c.Merged));

        // 4.9 s later no token is back yet; at 5 s the three held sales (4,000, 9,000, 5,000) go out as one: the biggest, standing for 2 more.
        fixture.Time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(600);
        Assert.Equal(3, screen.Celebrations.Count);
        fixture.Time.Advance(TimeSpan.FromSeconds(0.1));
        var all = await ReceivedAsync(screen, 4);
        Assert.Equal(4, all.Length);
        Assert.Equal(("policy", org.Agent(1), 9000m, 2), (all[3].Kind, all[3].AgentId, all[3].Value, all[3].Merged));
    }
}
