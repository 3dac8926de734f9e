using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Storage;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AgentGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private async Task<(string Branch, string Team, string Agent)> CreateOrgAsync(string timeZone = "Asia/Shanghai")
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", timeZone);
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", ["sup"]);
        var agent = new AgentInfo($"A-{id}", team.Id, "Agent", true, ClusterFixture.Start.AddDays(-60));
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Upsert(team);
        await fixture.Grains.UpsertAgentAsync(agent, team);
        return (branch.Id, team.Id, agent.Id);
    }

    [Fact]
    public async Task Counts_each_event_in_the_branch_local_day_it_occurred()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);

        // 2026-11-22T16:30Z is 00:30 on Monday the 23rd in Shanghai; 15:59Z is still Sunday the 22nd there.
        var result = await agent.Record(
        [
            new ActivityEvent($"{agentId}-1", agentId, ActivityType.Call, new DateTimeOffset(2026, 11, 22, 16, 30, 0, TimeSpan.Zero)),
            new ActivityEvent($"{agentId}-2", agentId, ActivityType.Call, new DateTimeOffset(2026, 11, 22, 15, 59, 0, TimeSpan.Zero)),
            new ActivityEvent($"{agentId}-3", agentId, ActivityType.Policy, new DateTimeOffset(2026, 11, 23, 9, 0, 0, Shanghai), Policy: new PolicyDetails("P1", 1200.50m)),
        ]);

        Assert.Equal(RecordResult.Ok(3, 0), result with { Errors = [] });
        var monday = await agent.GetStats(PeriodKind.Day, new DateOnly(2026, 11, 23));
        var sunday = await agent.GetStats(PeriodKind.Day, new DateOnly(2026, 11, 22));
        Assert.Equal(1m, monday!.Metrics["calls"]);
        Assert.Equal(1m, monday.Metrics["policies"]);
        Assert.Equal(1200.50m, monday.Metrics["fyp"]);
        Assert.Equal(1m, sunday!.Metrics["calls"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, Shanghai), monday.Period.Start);
        Assert.Equal(Shanghai, monday.Period.Start.Offset);
    }

    [Fact]
    public async Task A_repeated_event_id_is_counted_once()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        var call = new ActivityEvent($"{agentId}-dup", agentId, ActivityType.Call, ClusterFixture.Start);

        var first = await agent.Record([call, call with { }]);
        var again = await agent.Record([call]);

        Assert.Equal((1, 1), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 1), (again.Accepted, again.Duplicates));
        Assert.Equal(1m, (await agent.GetStats(PeriodKind.Day, null))!.Metrics["calls"]);
    }

    [Fact]
    public async Task A_cancellation_of_an_unknown_policy_is_rejected_and_nothing_is_stored()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);

        var result = await agent.Record(
        [
            new ActivityEvent($"{agentId}-c", agentId, ActivityType.Call, ClusterFixture.Start),
            new ActivityEvent($"{agentId}-x", agentId, ActivityType.Cancellation, ClusterFixture.Start, Cancellation: new CancellationDetails("nope")),
        ]);

        Assert.Equal(RecordStatus.Rejected, result.Status);
        Assert.Equal(1, Assert.Single(result.Errors).Index);
        Assert.Equal(0m, (await agent.GetStats(PeriodKind.Day, null))!.Metrics["calls"]);
    }

    [Fact]
    public async Task An_unknown_agent_is_refused()
    {
        var result = await fixture.Grains.GetGrain<IAgentGrain>("nobody-" + Guid.NewGuid().ToString("N")[..6])
            .Record([new ActivityEvent("e-unknown", "nobody", ActivityType.Call, ClusterFixture.Start)]);
        Assert.Equal(RecordStatus.UnknownAgent, result.Status);
    }

    [Fact]
    public async Task Team_and_branch_receive_the_agents_absolute_totals()
    {
        var (branchId, teamId, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        await agent.Record(
        [
            new ActivityEvent($"{agentId}-p1", agentId, ActivityType.Policy, ClusterFixture.Start, Policy: new PolicyDetails("P1", 5000m)),
            new ActivityEvent($"{agentId}-p2", agentId, ActivityType.Policy, ClusterFixture.Start.AddMinutes(1), Policy: new PolicyDetails("P2", 2500m)),
        ]);

        var team = await Eventually.Until(() => fixture.Grains.GetGrain<ITeamGrain>(teamId).GetStats(PeriodKind.Month, null), s => s!.Metrics["fyp"] == 7500m);
        var board = await Eventually.Until(
            () => fixture.Grains.GetGrain<IBranchGrain>(branchId).GetLeaderboard(Metric.Fyp, PeriodKind.Week, LeaderboardScope.Agents, 10, null),
            b => b!.Entries.Count == 1 && b.Entries[0].Value == 7500m);

        Assert.Equal(7500m, team!.Metrics["fyp"]);
        Assert.Equal(2m, team.Metrics["policies"]);
        Assert.Equal(new LeaderboardEntryView(1, agentId, "Agent", teamId, 7500m), Assert.Single(board!.Entries));
    }

    [Fact]
    public async Task After_deactivation_the_snapshot_plus_replay_rebuilds_exactly_the_same_counts()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        // 1,234 events over 40 days: snapshots are taken every 500, so activation restores the one at
        // 1,000 and replays the 234 after it.
        var events = Enumerable.Range(0, 1234).Select(i => i % 10 == 0
            ? new ActivityEvent($"{agentId}-s{i}", agentId, ActivityType.Policy, ClusterFixture.Start.AddDays(-(i % 40)).AddMinutes(i), Policy: new PolicyDetails($"P{i}", 100m + i))
            : new ActivityEvent($"{agentId}-s{i}", agentId, ActivityType.Call, ClusterFixture.Start.AddDays(-(i % 40)).AddMinutes(i))).ToList();
        foreach (var batch in events.Chunk(100)) Assert.Equal(RecordStatus.Ok, (await agent.Record(batch)).Status);
        var before = await agent.GetReport();

        await fixture.Cluster.DeactivateAsync(agent);
        await fixture.Cluster.WaitForDeactivationAsync(agent);
        var after = await agent.GetReport();

        Assert.Equal(Flatten(before), Flatten(after));
        var month = await agent.GetStats(PeriodKind.Month, new DateOnly(2026, 11, 1));
        // Policies are i = 0, 10, …, 1230 (124 of them); those dated in November: worked out by the same rule.
        var november = events.Where(e => e.OccurredAt.ToOffset(Shanghai).Month == 11).ToList();
        Assert.Equal(november.Count(e => e.Type == ActivityType.Call), (int)month!.Metrics["calls"]);
        Assert.Equal(november.Where(e => e.Policy is not null).Sum(e => e.Policy!.Premium), month.Metrics["fyp"]);
    }

    [Fact]
    public async Task An_append_the_log_refuses_for_a_stale_sequence_is_retried_after_catching_up_with_the_log()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        await agent.Record([new ActivityEvent($"{agentId}-1", agentId, ActivityType.Call, ClusterFixture.Start)]);

        // Another writer (e.g. a commit whose answer was lost) put an event in this agent's log behind the grain's back.
        var log = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IEventLog>();
        await log.AppendAsync(agentId, 1, [new ActivityEvent($"{agentId}-2", agentId, ActivityType.Call, ClusterFixture.Start)]);

        var refused = await agent.Record([new ActivityEvent($"{agentId}-3", agentId, ActivityType.Call, ClusterFixture.Start)]);
        var retried = await agent.Record([new ActivityEvent($"{agentId}-3", agentId, ActivityType.Call, ClusterFixture.Start)]);

        Assert.Equal(RecordStatus.Unavailable, refused.Status);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal((RecordStatus.Ok, 1, 0), (retried.Status, retried.Accepted, retried.Duplicates));
        Assert.Equal(3m, (await agent.GetStats(PeriodKind.Day, null))!.Metrics["calls"]);
    }

    [Fact]
    public async Task A_passed_check_answers_with_a_stamp_that_changes_with_every_sale_or_cancellation()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        var call = new ActivityEvent($"{agentId}-1", agentId, ActivityType.Call, ClusterFixture.Start);

        var first = await agent.Check([call]);
        var again = await agent.Check([call]);
        await agent.Record([new ActivityEvent($"{agentId}-p", agentId, ActivityType.Policy, ClusterFixture.Start, Policy: new PolicyDetails("P1", 10m))]);
        var afterSale = await agent.Check([call]);

        Assert.NotEqual(default, first.CheckedAt);
        Assert.Equal(first.CheckedAt, again.CheckedAt);
        Assert.NotEqual(first.CheckedAt, afterSale.CheckedAt);
    }

    [Fact]
    public async Task Record_with_the_current_stamp_does_not_check_again()
    {
        var (_, _, agentId) = await CreateOrgAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        var stamp = (await agent.Check([new ActivityEvent($"{agentId}-1", agentId, ActivityType.Call, ClusterFixture.Start)])).CheckedAt;

        // A batch the check would refuse shows that it was not checked again: the current stamp is trusted. (The
        // ledger ignores a cancellation of a policy it does not hold, so nothing is counted.)
        var unknownPolicy = new ActivityEvent($"{agentId}-x", agentId, ActivityType.Cancellation, ClusterFixture.Start, Cancellation: new CancellationDetails("nope"));
        var trusted = await agent.Record([unknownPolicy], stamp);
        var unstamped = await agent.Record([unknownPolicy with { EventId = $"{agentId}-y" }]);

        Assert.Equal((RecordStatus.Ok, 1), (trusted.Status, trusted.Accepted));
        Assert.Equal(RecordStatus.Rejected, unstamped.Status);
    }

    private static string[] Flatten(AgentTotalsReport report) =>
        report.Periods.SelectMany(p => p.Shares.Select(s => $"{p.Period}/{s.TeamId}/{s.Totals.Values}"))
            .Order(StringComparer.Ordinal).ToArray();
}
