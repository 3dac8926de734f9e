using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// A month of renewal collection for a team of five, on the real host with a fake product clock: weekly and monthly
/// renewalDue / renewalDueCollected / collectionRate per agent and for the team and branch, worked by hand; a payment
/// recorded the day before its item's upload; one renewalAtRisk alert resolved by the payment; lapse at the grace end; a month collection-rate target with its weekly plan.
/// </summary>
public sealed class RenewalCollectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly OrgBuilder _org = new("Asia/Shanghai");
    private FakeClockHost _host = null!;

    private FakeTimeProvider Clock => _host.Time;

    private HttpClient Http => _host.Http;

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Shanghai);

    private static string Text(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz");

    public async Task InitializeAsync()
    {
        _host = await FakeClockHost.StartAsync(At(2026, 12, 1, 8));
        // Team 1: agents 1–5; team 2: agent 6 (its items must stay out of team 1's figures).
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/org", _org.Org(2, (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2)))).StatusCode);
        // Team 1's plan: 90 % of what falls due in a month collected, 40 / 30 / 15 / 5 % of it week block by block.
        var target = new { scope = "team", id = _org.Team(1), metric = "collectionRate", period = "month", value = 0.9m, weekly = new[] { 0.4m, 0.3m, 0.15m, 0.05m } };
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/targets", new { targets = new[] { target } })).StatusCode);
        // Only the renewal rule speaks here: these agents make no calls, which the other rules would flag.
        var rules = new { scope = "branch", id = _org.Branch, behindPace = new { enabled = false }, inactive = new { enabled = false } };
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/alert-rules", new { rules = new[] { rules } })).StatusCode);
    }

    [Fact]
    public async Task A_collection_rate_target_is_listed_as_set_and_a_rate_above_one_is_a_400()
    {
        var stored = (await GetAsync($"/api/v1/branches/{_org.Branch}/targets"))["targets"]!.AsArray().Single()!;
        Assert.Equal(("collectionRate", 0.9m, 4), (stored["metric"]!.GetValue<string>(), stored["value"]!.GetValue<decimal>(), stored["weekly"]!.AsArray().Count));
        var bad = await Http.PutAsJsonAsync("/api/v1/targets", new { targets = new[] { new { scope = "team", id = _org.Team(1), metric = "collectionRate", period = "month", value = 1.5m } } });
        Assert.Equal(400, (int)bad.StatusCode);
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.Contains("share from 0 to 1", problem["errors"]!["targets[0].value"]![0]!.GetValue<string>());
        Assert.Equal(0.9m, (await GetAsync($"/api/v1/branches/{_org.Branch}/targets"))["targets"]![0]!["value"]!.GetValue<decimal>());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private object Item(string policy, int agent, string dueDate, decimal amount) =>
        new { policyId = _org.Prefix + policy, agentId = _org.Agent(agent), dueDate, amount, policyYear = 2 };

    private object Paid(int agent, string policy, decimal amount, int day, int month = 12, int year = 2026) =>
        _org.Renewal(agent, Text(At(year, month, day, 11)), policy, amount, 2);

    private async Task RecordAsync(params object[] events)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/events", new { events });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await Http.GetStringAsync(path))!;

    private static (decimal Due, decimal Collected, decimal? Rate) Figures(JsonNode stats) => (
        stats["metrics"]!["renewalDue"]!.GetValue<decimal>(),
        stats["metrics"]!["renewalDueCollected"]!.GetValue<decimal>(),
        stats["kpis"]!["collectionRate"]?.GetValue<decimal>());

    private Task<JsonNode> AgentAsync(int agent, string period, string date) => GetAsync($"/api/v1/agents/{_org.Agent(agent)}/stats?period={period}&date={date}");

    /// <summary>
    /// Team figures follow the agents' reports within a second: waits for the expected ones and fails with the figures
    /// last read when they do not come.
    /// </summary>
    private async Task<JsonNode> UnitAsync(string unit, string period, string date, (decimal, decimal, decimal?) expected)
    {
        var stats = await Eventually.Until(() => GetAsync($"/api/v1/{unit}/stats?period={period}&date={date}"), s => Figures(s) == expected);
        Assert.Equal(expected, Figures(stats));
        return stats;
    }

    private async Task<JsonNode[]> AlertsAsync(string status) =>
        (await GetAsync($"/api/v1/teams/{_org.Team(1)}/alerts?status={status}")).AsArray().Select(a => a!).ToArray();

    private async Task<Dictionary<string, (string Status, int DaysLeft, decimal Collected)>> ListAsync()
    {
        var items = (await GetAsync($"/api/v1/teams/{_org.Team(1)}/renewals"))["items"]!.AsArray();
        return items.ToDictionary(
            i => i!["policyId"]!.GetValue<string>()[_org.Prefix.Length..],
            i => (i!["status"]!.GetValue<string>(), i["daysLeft"]!.GetValue<int>(), i["collected"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task A_month_of_collection_gives_the_weekly_and_monthly_rates_worked_by_hand_and_unpaid_items_lapse_at_grace_end()
    {
        // 8 December: what was paid so far. P31's 4,000 arrives today, before its item is uploaded (tomorrow).
        Clock.SetUtcNow(At(2026, 12, 8, 18));
        await RecordAsync(Paid(1, "P11", 1000m, 2), Paid(2, "P21", 1800m, 8), Paid(3, "P31", 4000m, 8));

        // 9 December: the month's due list (all second-year premium). ISO weeks of December 2026: 30 Nov–6 Dec,
        // 7–13, 14–20, 21–27, 28 Dec–3 Jan.
        Clock.SetUtcNow(At(2026, 12, 9, 9));
        var upload = await Http.PutAsJsonAsync("/api/v1/renewals/due", new
        {
            items = new[]
            {
                Item("P11", 1, "2026-12-03", 1000m), Item("P12", 1, "2026-12-10", 2000m),
                Item("P21", 2, "2026-12-05", 3000m), Item("P22", 2, "2026-12-17", 1500m),
                Item("P31", 3, "2026-12-09", 4000m),
                Item("P41", 4, "2026-12-15", 2500m),
                Item("P51", 5, "2026-12-22", 5000m), Item("P52", 5, "2026-12-30", 1000m),
                Item("P61", 6, "2026-12-10", 9000m),
            },
        });
        Assert.Equal(200, (int)upload.StatusCode);
        // The payment recorded before the upload is matched: P31 is collected.
        Assert.Equal(("collected", 4000m), ((await ListAsync())["P31"].Status, (await ListAsync())["P31"].Collected));

        // The rest of the month's collections, recorded on 31 December.
        Clock.SetUtcNow(At(2026, 12, 31, 18));
        await RecordAsync(
            Paid(1, "P12", 2000m, 12), Paid(2, "P21", 1200m, 20), Paid(2, "P22", 500m, 18),
            Paid(5, "P51", 2500m, 23), Paid(5, "P52", 1000m, 30));

        // Month, per agent: A1 3,000 of 3,000; A2 3,500 of 4,500 (7/9 = 0.7778); A3 4,000 of 4,000;
        // A4 0 of 2,500; A5 3,500 of 6,000 (7/12 = 0.5833).
        Assert.Equal((3000m, 3000m, 1m), Figures(await AgentAsync(1, "month", "2026-12-15")));
        Assert.Equal((4500m, 3500m, 0.7778m), Figures(await AgentAsync(2, "month", "2026-12-15")));
        Assert.Equal((4000m, 4000m, 1m), Figures(await AgentAsync(3, "month", "2026-12-15")));
        Assert.Equal((2500m, 0m, 0m), Figures(await AgentAsync(4, "month", "2026-12-15")));
        Assert.Equal((6000m, 3500m, 0.5833m), Figures(await AgentAsync(5, "month", "2026-12-15")));
        // The 90 % plan is each agent's share of its own due: A2 should collect 4,050 and has 3,500 (0.8642).
        var a2 = await AgentAsync(2, "month", "2026-12-15");
        Assert.Equal((4050m, 0.8642m), (a2["targets"]!["renewalDueCollected"]!.GetValue<decimal>(), a2["attainment"]!["renewalDueCollected"]!.GetValue<decimal>()));
        // Team: 14,000 of 20,000 = 0.7 (agent 6's 9,000 is team 2's); the branch has both teams: 14,000 of 29,000.
        var team = await UnitAsync($"teams/{_org.Team(1)}", "month", "2026-12-15", (20000m, 14000m, 0.7m));
        // The team's plan is 90 % of its 20,000: 18,000, of which 14,000 is collected (0.7778).
        Assert.Equal((18000m, 0.7778m), (team["targets"]!["renewalDueCollected"]!.GetValue<decimal>(), team["attainment"]!["renewalDueCollected"]!.GetValue<decimal>()));
        await UnitAsync($"branches/{_org.Branch}", "month", "2026-12-15", (29000m, 14000m, 0.4828m));

        // Weeks, by due date: 30 Nov–6 Dec P11 + P21 = 4,000 of 4,000; 7–13 P12 + P31 = 6,000 of 6,000;
        // 14–20 P22 + P41 = 500 of 4,000 (0.125); 21–27 P51 2,500 of 5,000; 28 Dec–3 Jan P52 1,000 of 1,000.
        await UnitAsync($"teams/{_org.Team(1)}", "week", "2026-12-02", (4000m, 4000m, 1m));
        await UnitAsync($"teams/{_org.Team(1)}", "week", "2026-12-09", (6000m, 6000m, 1m));
        await UnitAsync($"teams/{_org.Team(1)}", "week", "2026-12-16", (4000m, 500m, 0.125m));
        await UnitAsync($"teams/{_org.Team(1)}", "week", "2026-12-23", (5000m, 2500m, 0.5m));
        await UnitAsync($"teams/{_org.Team(1)}", "week", "2026-12-29", (1000m, 1000m, 1m));
        Assert.Equal((1500m, 500m, 0.3333m), Figures(await AgentAsync(2, "week", "2026-12-16")));
        Assert.Equal((2500m, 0m, 0m), Figures(await AgentAsync(4, "week", "2026-12-16")));
        // A day with nothing due: no rate.
        Assert.Equal((0m, 0m, null), Figures(await AgentAsync(1, "day", "2026-12-01")));

        // 29 January, 10:00: P41 (due 15 Dec, grace to 13 Feb) has 15 days left and nothing collected: one
        // renewalAtRisk alert to its team. P22 (17 days left) and P51 (22) are not yet at risk.
        Clock.SetUtcNow(At(2027, 1, 29, 10));
        var atRisk = await Eventually.Until(() => AlertsAsync("open"), a => a.Length > 0);
        var alert = Assert.Single(atRisk);
        Assert.Equal(("renewalAtRisk", _org.Agent(4), _org.Prefix + "P41", "2027-02-13", 0m, 2500m),
            (alert["rule"]!.GetValue<string>(), alert["agentId"]!.GetValue<string>(), alert["policyId"]!.GetValue<string>(),
             alert["graceEndsOn"]!.GetValue<string>(), alert["actual"]!.GetValue<decimal>(), alert["expected"]!.GetValue<decimal>()));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(await AlertsAsync("all"));   // judged again every second, still one alert

        // 12:00: P41 is paid late; the payment resolves the alert, and it still counts for December, whenever paid.
        Clock.SetUtcNow(At(2027, 1, 29, 12));
        await RecordAsync(Paid(4, "P41", 2500m, 29, month: 1, year: 2027));
        var resolved = await Eventually.Until(() => AlertsAsync("all"), a => a.Length == 1 && a[0]["status"]!.GetValue<string>() == "resolved");
        Assert.Equal(alert["alertId"]!.GetValue<string>(), resolved[0]["alertId"]!.GetValue<string>());
        Assert.Equal("resolved", resolved[0]["status"]!.GetValue<string>());
        await UnitAsync($"teams/{_org.Team(1)}", "month", "2026-12-15", (20000m, 16500m, 0.825m));

        // P51 (due 22 Dec) is open through its grace end, 20 February, and lapses at the next local midnight.
        Clock.SetUtcNow(At(2027, 2, 20, 23, 59));
        var lastDay = await ListAsync();
        Assert.Equal(("open", 0, 2500m), lastDay["P51"]);
        Assert.Equal(("lapsed", -5, 500m), lastDay["P22"]);  // due 17 Dec: grace ended 15 Feb
        Assert.Equal("collected", lastDay["P41"].Status);
        Clock.SetUtcNow(At(2027, 2, 21, 0));
        Assert.Equal(("lapsed", -1, 2500m), (await ListAsync())["P51"]);
        var lapsed = (await GetAsync($"/api/v1/teams/{_org.Team(1)}/renewals?status=lapsed"))["items"]!.AsArray();
        Assert.Equal(["P22", "P51"], lapsed.Select(i => i!["policyId"]!.GetValue<string>()[_org.Prefix.Length..]));
        // A lapsed item stays due: December's rate does not change.
        await UnitAsync($"teams/{_org.Team(1)}", "month", "2026-12-15", (20000m, 16500m, 0.825m));
    }
}
