using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class IngestCoordinatorTests(ClusterFixture fixture)
{
    private IIngestCoordinatorGrain Coordinator => fixture.Grains.GetGrain<IIngestCoordinatorGrain>(IIngestCoordinatorGrain.Key);

    private async Task<(string A, string B)> CreateTwoAgentsAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", "Asia/Shanghai");
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", ["sup"]);
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Upsert(team);
        var (a, b) = ($"A1-{id}", $"A2-{id}");
        foreach (var agent in new[] { a, b })
            await fixture.Grains.UpsertAgentAsync(new AgentInfo(agent, team.Id, agent, true, ClusterFixture.Start.AddDays(-30)), team);
        return (a, b);
    }

    private static ActivityEvent Call(string agentId, string eventId) => new(eventId, agentId, ActivityType.Call, ClusterFixture.Start);

    private static ActivityEvent Sale(string agentId, string eventId, string policyId) =>
        new(eventId, agentId, ActivityType.Policy, ClusterFixture.Start, Policy: new PolicyDetails(policyId, 1000m));

    private static ActivityEvent Cancellation(string agentId, string eventId, string policyId) =>
        new(eventId, agentId, ActivityType.Cancellation, ClusterFixture.Start, Cancellation: new CancellationDetails(policyId));

    private async Task<decimal> CallsTodayAsync(string agentId) =>
        (await fixture.Grains.GetGrain<IAgentGrain>(agentId).GetStats(PeriodKind.Day, null))!.Metrics["calls"];

    [Fact]
    public async Task The_same_event_id_again_within_a_request_is_a_duplicate()
    {
        var (a, b) = await CreateTwoAgentsAsync();

        var outcome = await Coordinator.Ingest([Call(a, $"{a}-1"), Call(b, $"{b}-1"), Call(a, $"{a}-1"), Call(b, $"{a}-1")]);

        Assert.Equal(RecordResult.Ok(2, 2), outcome with { Errors = [] });
        Assert.Equal(1m, await CallsTodayAsync(a));
        Assert.Equal(1m, await CallsTodayAsync(b));
    }

    [Fact]
    public async Task A_request_with_an_unknown_agent_or_a_broken_rule_stores_nothing_and_names_every_offending_event()
    {
        var (a, b) = await CreateTwoAgentsAsync();
        var nobody = "nobody-" + Guid.NewGuid().ToString("N")[..6];

        var outcome = await Coordinator.Ingest(
        [
            Call(a, $"{a}-1"),
            Call(nobody, $"{nobody}-1"),
            Cancellation(b, $"{b}-x", "never-sold"),
            Call(nobody, $"{nobody}-2"),
            Call(b, $"{b}-1"),
        ]);

        Assert.True(outcome.IsRefused);
        Assert.Equal(
            new[] { (1, "agentId"), (3, "agentId"), (2, "cancellation.policyId") },
            outcome.Errors.Select(e => (e.Index, e.Field)).ToArray());
        Assert.Equal(0m, await CallsTodayAsync(a));
        Assert.Equal(0m, await CallsTodayAsync(b));
    }

    [Fact]
    public async Task Each_batch_is_checked_once_and_a_known_agent_without_sales_is_not_asked_before_recording()
    {
        var (a, b) = await CreateTwoAgentsAsync();

        // First request: neither agent seen yet, a sale in a's batch: both are checked, then recorded with the stamp.
        Assert.Equal(RecordStatus.Ok, (await Coordinator.Ingest([Call(a, $"{a}-1"), Sale(a, $"{a}-2", "P1"), Call(b, $"{b}-1")])).Status);
        Assert.Equal((1, 1), (fixture.Calls.Of(a, "Check"), fixture.Calls.Of(a, "Record")));
        Assert.Equal((1, 1), (fixture.Calls.Of(b, "Check"), fixture.Calls.Of(b, "Record")));

        // Second: both known, only b's batch holds a sale: only b is checked first.
        Assert.Equal(RecordStatus.Ok, (await Coordinator.Ingest([Call(a, $"{a}-3"), Sale(b, $"{b}-2", "P2")])).Status);
        Assert.Equal((1, 2), (fixture.Calls.Of(a, "Check"), fixture.Calls.Of(a, "Record")));
        Assert.Equal((2, 2), (fixture.Calls.Of(b, "Check"), fixture.Calls.Of(b, "Record")));

        // A request of one agent goes straight to its Record, which checks.
        Assert.Equal(RecordStatus.Ok, (await Coordinator.Ingest([Cancellation(a, $"{a}-4", "P1")])).Status);
        Assert.Equal((1, 3), (fixture.Calls.Of(a, "Check"), fixture.Calls.Of(a, "Record")));

        Assert.Equal(2m, await CallsTodayAsync(a));
    }

    [Fact]
    public async Task A_rule_broken_only_by_what_another_request_recorded_after_the_check_is_still_refused()
    {
        var (a, _) = await CreateTwoAgentsAsync();
        var agent = fixture.Grains.GetGrain<IAgentGrain>(a);
        Assert.Equal(RecordStatus.Ok, (await agent.Record([Sale(a, $"{a}-1", "P1")])).Status);

        var check = await agent.Check([Cancellation(a, $"{a}-c1", "P1")]);
        // Between this batch's check and its record, another request cancels the same policy.
        Assert.Equal(RecordStatus.Ok, (await agent.Record([Cancellation(a, $"{a}-c2", "P1")])).Status);
        var recorded = await agent.Record([Cancellation(a, $"{a}-c1", "P1")], check.CheckedAt);

        Assert.Equal(RecordStatus.Ok, check.Status);
        Assert.Equal(RecordStatus.Rejected, recorded.Status);
        Assert.Equal((0, "cancellation.policyId"), (Assert.Single(recorded.Errors).Index, recorded.Errors[0].Field));
    }
}
