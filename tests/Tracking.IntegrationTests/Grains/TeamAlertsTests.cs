using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>The team grain's alerting on the fake product clock (the rules themselves are tested in the domain).</summary>
/// <remarks>A cluster of its own: these tests move the fake clock by days, which the shared cluster's tests must not see.</remarks>
public sealed class TeamAlertsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task An_alert_open_at_closing_time_stays_open_overnight_and_an_event_resolves_it()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", "Asia/Shanghai");
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", []);
        var agentId = $"A-{id}";
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        var teamGrain = fixture.Grains.GetGrain<ITeamGrain>(team.Id);
        await teamGrain.Upsert(team);
        await fixture.Grains.UpsertAgentAsync(new AgentInfo(agentId, team.Id, "Agent", true, ClusterFixture.Start.AddDays(-30)), team);

        // The shared fake clock only moves forward: go to the next Monday 17:00 in Shanghai from wherever it is.
        var shanghai = TimeSpan.FromHours(8);
        var local = fixture.Time.GetUtcNow().ToOffset(shanghai);
        var monday = local.Date.AddDays(((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7 + 7);
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
}
