using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>The team grain's alerting on the fake product clock (the rules themselves are tested in the domain).</summary>
/// <remarks>A cluster of its own: these tests move the fake clock by days, which the shared cluster's tests must not see.</remarks>
public sealed class TeamAlertsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>
    /// A new branch in Shanghai with one team of one agent (a member for 30 days), and the local date of a Monday
    /// after the shared fake clock's now (that clock only moves forward).
    /// </summary>
    private async Task<(ITeamGrain Team, string AgentId, DateTime Monday)> OneAgentTeamAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", "Asia/Shanghai");
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", []);
        var agentId = $"A-{id}";
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        var teamGrain = fixture.Grains.GetGrain<ITeamGrain>(team.Id);
        await teamGrain.Upsert(team);
        await fixture.Grains.UpsertAgentAsync(new AgentInfo(agentId, team.Id, "Agent", true, ClusterFixture.Start.AddDays(-30)), team);
        var local = fixture.Time.GetUtcNow().ToOffset(Shanghai);
        var monday = local.Date.AddDays(((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7 + 7);
        return (teamGrain, agentId, monday);
    }

    [Fact]
    public async Task An_alert_open_at_closing_time_stays_open_overnight_and_an_event_resolves_it()
    {
        var (teamGrain, agentId, monday) = await OneAgentTeamAsync();
        var shanghai = Shanghai;
        fixture.Time.SetUtcNow(new DateTimeOffset(monday.AddHours(17), shanghai));
        await teamGrain.EvaluateAlerts();
        var raised = Assert.Single(await teamGrain.GetAlerts(all: false));
        Assert.Equal(("inactive", "open"), (raised.Rule, raised.Status)); // quiet since 09:00: 8 working hours

        fixture.Time.SetUtcNow(new DateTimeOffset(monday.AddHours(20), shanghai));
        await teamGrain.EvaluateAlerts();
        Assert.Equal("open", Assert.Single(await teamGrain.GetAlerts(all: true)).Status); // closing time resolves nothing

        var call = new ActivityEvent($"{agentId}-late-call", agentId, ActivityType.Call, fixture.Time.GetUtcNow().AddMinutes(-1));
        Assert.Equal(RecordStatus.Ok, (await fixture.Grains.GetGrain<IAgentGrain>(agentId).Record([call])).Status);
        var resolved = await Eventually.Until(() => teamGrain.GetAlerts(all: true), a => a.Single().Status == "resolved", TimeSpan.FromSeconds(3));
        Assert.Equal(raised.AlertId, resolved.Single().AlertId);
    }

    [Fact]
    public async Task A_member_left_waiting_between_ticks_is_still_alerted_within_a_second_of_going_quiet()
    {
        var (teamGrain, agentId, monday) = await OneAgentTeamAsync();
        var shanghai = Shanghai;
        var at = (double hours) => new DateTimeOffset(monday.AddHours(hours), shanghai);
        fixture.Time.SetUtcNow(at(10));
        var call = new ActivityEvent($"{agentId}-call", agentId, ActivityType.Call, at(10));
        Assert.Equal(RecordStatus.Ok, (await fixture.Grains.GetGrain<IAgentGrain>(agentId).Record([call])).Status);

        // Judged at 10:30 with half an hour of quiet: nothing can change for a minute, so the agent waits.
        fixture.Time.SetUtcNow(at(10.5));
        await teamGrain.EvaluateAlerts();
        Assert.Empty(await teamGrain.GetAlerts(all: true));

        // 30 s before two quiet working hours: not yet, but within the look-ahead, so judged at every tick from here.
        fixture.Time.SetUtcNow(at(12) - TimeSpan.FromSeconds(30));
        await teamGrain.EvaluateAlerts();
        Assert.Empty(await teamGrain.GetAlerts(all: true));

        fixture.Time.SetUtcNow(at(12) + TimeSpan.FromMilliseconds(400));
        await teamGrain.EvaluateAlerts();
        var raised = Assert.Single(await teamGrain.GetAlerts(all: false));
        Assert.Equal(("inactive", "open"), (raised.Rule, raised.Status));
        Assert.InRange(raised.RaisedAt - at(12), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }
}
