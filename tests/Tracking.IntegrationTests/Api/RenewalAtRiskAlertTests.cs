using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// The renewalAtRisk alert rule end to end: the real host on a fake product clock (Shanghai, 60 grace days). An item
/// due Fri 20 Nov 2026 has its grace end on Tue 19 Jan 2027 and 15 days left on Mon 4 Jan; one due Sat 21 Nov ends
/// on Wed 20 Jan and lapses at midnight into Thu 21 Jan.
/// </summary>
public sealed class RenewalAtRiskAlertTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private FakeClockHost _host = null!;

    private HttpClient Http => _host.Http;

    public async Task InitializeAsync() => _host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 11, 16, 9, 0, 0, Shanghai));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private void SetClock(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        _host.Time.SetUtcNow(new DateTimeOffset(year, month, day, hour, minute, second, Shanghai));

    private static object Item(OrgBuilder org, string policyId, int agent, string dueDate, decimal amount) =>
        new { policyId = org.Prefix + policyId, agentId = org.Agent(agent), dueDate, amount, policyYear = 2 };

    /// <summary>The org, with the inactive rule off (the clock jumps over weeks without a call) and the given renewalAtRisk rules.</summary>
    private async Task<OrgBuilder> OrgAsync(object branchRenewalRule, int teams = 1, params (int Agent, int Team)[] agents)
    {
        var org = new OrgBuilder("Asia/Shanghai");
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/org", org.Org(teams, agents.Length > 0 ? agents : [(1, 1)]))).StatusCode);
        var rules = new { rules = new[] { new { scope = "branch", id = org.Branch, inactive = new { enabled = false }, renewalAtRisk = branchRenewalRule } } };
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/alert-rules", rules)).StatusCode);
        return org;
    }

    private async Task PutDueAsync(params object[] items) =>
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/renewals/due", new { items })).StatusCode);

    private async Task<JsonElement[]> AlertsAsync(OrgBuilder org, int team = 1, string status = "all") =>
        (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(team)}/alerts?status={status}")).EnumerateArray().ToArray();

    private Task<JsonElement[]> AlertsUntilAsync(OrgBuilder org, Func<JsonElement[], bool> condition, int team = 1) =>
        Eventually.Until(() => AlertsAsync(org, team), condition, TimeSpan.FromSeconds(5));

    private static string Status(JsonElement alert) => alert.GetProperty("status").GetString()!;

    private static string Policy(JsonElement alert) => alert.GetProperty("policyId").GetString()!;

    [Fact]
    public async Task An_item_15_days_before_its_grace_end_raises_one_alert_which_its_collection_resolves_and_a_lapse_resolves_another()
    {
        var org = await OrgAsync(new { enabled = true, daysBeforeGraceEnd = 15 });
        await PutDueAsync(Item(org, "P1", 1, "2026-11-20", 3500m), Item(org, "P2", 1, "2026-11-21", 1200m));

        await using var supervisor = new HubConnectionBuilder().WithUrl(new Uri(_host.Base, "/hubs/tracking")).Build();
        var pushed = new ConcurrentQueue<JsonElement>();
        supervisor.On<JsonElement>("alert", a => pushed.Enqueue(a));
        await supervisor.StartAsync();
        await supervisor.InvokeAsync<JsonElement>("Subscribe", $"alerts:{org.Team(1)}");

        // Sun 3 Jan: P1 has 16 days left (and it is not working time anyway): nothing.
        SetClock(2027, 1, 3, 10);
        await Task.Delay(2000);
        Assert.Empty(await AlertsAsync(org));

        // Mon 4 Jan 10:00: 15 days before P1's grace end. One alert, P2 (16 days left) not yet.
        SetClock(2027, 1, 4, 10);
        var raised = Assert.Single(await AlertsUntilAsync(org, a => a.Length > 0));
        Assert.Equal(("renewalAtRisk", "open", org.Agent(1), "renewalDueCollected"),
            (raised.GetProperty("rule").GetString(), Status(raised), raised.GetProperty("agentId").GetString(), raised.GetProperty("metric").GetString()));
        Assert.Equal((org.Prefix + "P1", "2026-11-20", "2027-01-19"),
            (Policy(raised), raised.GetProperty("dueDate").GetString(), raised.GetProperty("graceEndsOn").GetString()));
        Assert.Equal((0m, 3500m), (raised.GetProperty("actual").GetDecimal(), raised.GetProperty("expected").GetDecimal()));
        var onTopic = await Eventually.Until(() => Task.FromResult(pushed.ToArray()), p => p.Length > 0, TimeSpan.FromSeconds(3));
        Assert.Equal(raised.GetProperty("alertId").GetString(), Assert.Single(onTopic).GetProperty("alertId").GetString());

        // Later judgements (every second, and the minutely reading of the items) keep it one alert.
        SetClock(2027, 1, 4, 10, 2);
        await Task.Delay(2500);
        Assert.Single(await AlertsAsync(org));
        Assert.Single(pushed);

        // Tue 5 Jan: P2 is at risk too; P1 is paid in two parts, the second collects it.
        SetClock(2027, 1, 5, 10);
        var both = await AlertsUntilAsync(org, a => a.Length == 2);
        Assert.Equal([org.Prefix + "P2", org.Prefix + "P1"], both.Select(Policy)); // newest first
        var partial = await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Renewal(1, "2027-01-05T09:30:00+08:00", "P1", 1500m, 2) } });
        Assert.Equal(200, (int)partial.StatusCode);
        await Task.Delay(1500);
        Assert.All(await AlertsAsync(org), a => Assert.Equal("open", Status(a)));
        var rest = await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Renewal(1, "2027-01-05T09:45:00+08:00", "P1", 2000m, 2) } });
        Assert.Equal(200, (int)rest.StatusCode);
        var afterPayment = await AlertsUntilAsync(org, a => a.Any(x => Status(x) == "resolved"));
        Assert.Equal([("P2", "open"), ("P1", "resolved")], afterPayment.Select(a => (Policy(a)[9..], Status(a))));

        // P2 is never collected: it lapses at midnight after its grace end (Wed 20 Jan), outside working time.
        SetClock(2027, 1, 20, 23, 59, 50);
        await Task.Delay(1500);
        Assert.Equal("open", Status((await AlertsAsync(org)).Single(a => Policy(a).EndsWith("P2", StringComparison.Ordinal))));
        SetClock(2027, 1, 21, 0, 0, 5);
        var lapsed = await AlertsUntilAsync(org, a => a.All(x => Status(x) == "resolved"));
        Assert.Equal(2, lapsed.Length);
        Assert.Empty(await AlertsAsync(org, status: "open"));
        var lapsedItems = (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/renewals?status=lapsed")).GetProperty("items");
        Assert.Equal((org.Prefix + "P2", -1), (Policy(Assert.Single(lapsedItems.EnumerateArray())), lapsedItems[0].GetProperty("daysLeft").GetInt32()));
        var statuses = pushed.Select(a => (Policy(a)[9..], Status(a))).ToArray();
        Assert.Equal([("P1", "open"), ("P2", "open"), ("P1", "resolved"), ("P2", "resolved")], statuses);
    }

    [Fact]
    public async Task A_disabled_rule_raises_nothing_and_days_before_grace_end_is_followed()
    {
        // The branch has the rule off; team 2 overrides it: on, 5 days.
        var org = await OrgAsync(new { enabled = false }, teams: 2, (1, 1), (2, 2));
        var teamRules = new { rules = new[] { new { scope = "team", id = org.Team(2), inactive = new { enabled = false }, renewalAtRisk = new { daysBeforeGraceEnd = 5 } } } };
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/alert-rules", teamRules)).StatusCode);
        await PutDueAsync(Item(org, "P1", 1, "2026-11-20", 1000m), Item(org, "P2", 2, "2026-11-20", 1000m));

        var rules1 = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/alert-rules");
        var rules2 = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(2)}/alert-rules");
        Assert.Equal((false, 15), (rules1.GetProperty("renewalAtRiskEnabled").GetBoolean(), rules1.GetProperty("renewalAtRiskDaysBeforeGraceEnd").GetInt32()));
        Assert.Equal((true, 5), (rules2.GetProperty("renewalAtRiskEnabled").GetBoolean(), rules2.GetProperty("renewalAtRiskDaysBeforeGraceEnd").GetInt32()));

        // Mon 4 Jan: 15 days before both grace ends; neither team is alerted.
        SetClock(2027, 1, 4, 10);
        await Task.Delay(2500);
        Assert.Empty(await AlertsAsync(org, team: 1));
        Assert.Empty(await AlertsAsync(org, team: 2));

        // Thu 14 Jan: 5 days left. Team 2 is alerted; team 1 still not.
        SetClock(2027, 1, 14, 10);
        var raised = Assert.Single(await AlertsUntilAsync(org, a => a.Length > 0, team: 2));
        Assert.Equal((org.Prefix + "P2", org.Agent(2)), (Policy(raised), raised.GetProperty("agentId").GetString()));
        await Task.Delay(1500);
        Assert.Empty(await AlertsAsync(org, team: 1));
    }
}
