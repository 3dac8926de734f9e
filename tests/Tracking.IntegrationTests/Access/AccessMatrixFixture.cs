using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

/// <summary>
/// One host with access control on for the whole matrix: the org of <see cref="AccessOrg"/> (T1 supervised by
/// <c>u-t1</c>), one further agent of T1 and of T2 per caller whose quiet alerts that caller tries to acknowledge, campaign C1
/// (participant branch B1) and C2 (participant team T2), both a month ahead so they can still be changed.
/// </summary>
public sealed class AccessMatrixFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _alertOfAgent = new(StringComparer.Ordinal);

    public AccessHost Host { get; private set; } = null!;

    public AccessOrg Org { get; } = new("u-t1");

    public string C1 => $"{Org.Prefix}-C1";

    public string C2 => $"{Org.Prefix}-C2";

    /// <summary>The open quiet alert of an agent, raised before the first test.</summary>
    public string AlertOf(string agentId) => _alertOfAgent[agentId];

    public async Task InitializeAsync()
    {
        Host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);
        var callers = Enum.GetNames<Who>();
        await Host.AdminAsync(HttpMethod.Put, "/api/v1/org", Org.Org(callers));
        await Host.AdminAsync(HttpMethod.Put, "/api/v1/alert-rules", Org.QuietAlertRules());
        var start = Host.Clock.GetUtcNow().AddDays(30);
        await Host.AdminAsync(HttpMethod.Put, $"/api/v1/campaigns/{C1}", Org.Campaign("C1", start, branchIds: [Org.B1]));
        await Host.AdminAsync(HttpMethod.Put, $"/api/v1/campaigns/{C2}", Org.Campaign("C2", start, teamIds: [Org.T2]));

        // Every agent has been quiet since 09:00: the alert tick (once a second) raises an inactive alert for each.
        foreach (var (team, agentOf) in new[] { (Org.T1, (Func<string, string>)Org.T1Agent), (Org.T2, Org.T2Agent) })
        {
            var wanted = callers.Select(agentOf).ToHashSet();
            var open = await Eventually.Until(() => OpenQuietAlertsAsync(team), alerts => wanted.IsSubsetOf(alerts.Keys), TimeSpan.FromSeconds(15));
            Assert.True(wanted.IsSubsetOf(open.Keys), $"{team} has quiet alerts only for {string.Join(", ", open.Keys)}");
            foreach (var (agent, alert) in open) _alertOfAgent[agent] = alert;
        }
    }

    /// <summary>The team's open <c>inactive</c> alerts by agent, read by an admin.</summary>
    public async Task<Dictionary<string, string>> OpenQuietAlertsAsync(string teamId) =>
        (await AlertsAsync(teamId))
            .Where(a => a!["rule"]!.GetValue<string>() == "inactive" && a["status"]!.GetValue<string>() == "open")
            .ToDictionary(a => a!["agentId"]!.GetValue<string>(), a => a!["alertId"]!.GetValue<string>());

    /// <summary>Every alert of the team kept now, read by an admin.</summary>
    public async Task<JsonArray> AlertsAsync(string teamId)
    {
        var answer = await Host.GetAsync($"/api/v1/teams/{teamId}/alerts?status=all", TestTokens.Admin());
        Assert.Equal(200, answer.Status);
        return answer.Json!.AsArray();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
