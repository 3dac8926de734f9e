using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Renewals;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>
/// The agent grain's renewal book: items kept in its state and payments in its ledger snapshot survive
/// deactivation exactly; items lapse on the product clock.
/// </summary>
public sealed class AgentRenewalsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private async Task<string> CreateAgentAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", "Asia/Shanghai");
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", ["sup"]);
        var agent = new AgentInfo($"A-{id}", team.Id, "Agent", true, ClusterFixture.Start.AddDays(-400));
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Upsert(team);
        await fixture.Grains.UpsertAgentAsync(agent, team);
        return agent.Id;
    }

    private static ActivityEvent Renewal(string agentId, string eventId, DateTimeOffset at, string policyId, decimal amount) =>
        new($"{agentId}-{eventId}", agentId, ActivityType.Renewal, at, Renewal: new RenewalDetails(policyId, amount, 2));

    private static string Shape(IEnumerable<RenewalItemView> items) =>
        string.Join(";", items.OrderBy(i => i.PolicyId, StringComparer.Ordinal).ThenBy(i => i.DueDate).Select(i => $"{i.PolicyId}@{i.DueDate:yyyy-MM-dd}:{i.Collected}/{i.Amount} {i.Status}"));

    [Fact]
    public async Task After_deactivation_the_items_and_what_was_collected_on_them_are_exactly_the_same()
    {
        var agentId = await CreateAgentAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().ToOffset(Shanghai).DateTime);
        // 50 policies with two yearly items each; 620 renewal events of 10 (a snapshot is written once 500 are
        // recorded, so activation restores its payments and replays the rest). Half come before the upload.
        var items = Enumerable.Range(0, 50).SelectMany(p => new[]
        {
            new RenewalDue($"P{p}", agentId, today.AddDays(-300 + p), 100m, 2),
            new RenewalDue($"P{p}", agentId, today.AddDays(65 + p), 100m, 3),
        }).ToList();
        var events = Enumerable.Range(0, 620)
            .Select(i => Renewal(agentId, $"r{i}", ClusterFixture.Start.AddDays(-250).AddMinutes(i), $"P{i % 50}", 10m)).ToList();
        foreach (var batch in events.Take(310).Chunk(100)) Assert.Equal(RecordStatus.Ok, (await agent.Record(batch)).Status);
        Assert.Equal(100, await agent.UpsertRenewals(items));
        foreach (var batch in events.Skip(310).Chunk(100)) Assert.Equal(RecordStatus.Ok, (await agent.Record(batch)).Status);
        var before = await agent.GetRenewals();

        await fixture.Cluster.DeactivateAsync(agent);
        await fixture.Cluster.WaitForDeactivationAsync(agent);
        var after = await agent.GetRenewals();

        Assert.Equal(Shape(before), Shape(after));
        // P0..P19 got 13 payments of 10 (130: 100 to the first item, 30 to the second), P20..P49 got 12 (120).
        var p0 = after.Where(i => i.PolicyId == "P0").OrderBy(i => i.DueDate).ToList();
        Assert.Equal((100m, "collected", 30m, "open"), (p0[0].Collected, p0[0].Status, p0[1].Collected, p0[1].Status));
        Assert.Equal(20m, after.Single(i => i.PolicyId == "P49" && i.PolicyYear == 3).Collected);
    }

    [Fact]
    public async Task An_item_lapses_at_the_branch_local_midnight_after_its_grace_end_on_the_product_clock()
    {
        var agentId = await CreateAgentAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(agentId);
        var now = fixture.Time.GetUtcNow().ToOffset(Shanghai);
        var today = DateOnly.FromDateTime(now.DateTime);
        await agent.UpsertRenewals([new RenewalDue("L1", agentId, today.AddDays(-60), 500m, 2)]);

        var lastDay = Assert.Single(await agent.GetRenewals());
        Assert.Equal((today, 0, "open"), (lastDay.GraceEndsOn, lastDay.DaysLeft, lastDay.Status));

        var midnight = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), Shanghai);
        fixture.Time.SetUtcNow(midnight.AddSeconds(-1));
        Assert.Equal("open", Assert.Single(await agent.GetRenewals()).Status);
        fixture.Time.SetUtcNow(midnight);
        var lapsed = Assert.Single(await agent.GetRenewals());
        Assert.Equal((-1, "lapsed"), (lapsed.DaysLeft, lapsed.Status));

        // Money that arrives after the grace end does not revive it.
        await agent.Record([Renewal(agentId, "late", midnight.AddHours(1), "L1", 500m)]);
        Assert.Equal((0m, "lapsed"), (Assert.Single(await agent.GetRenewals()).Collected, (await agent.GetRenewals())[0].Status));
    }
}
