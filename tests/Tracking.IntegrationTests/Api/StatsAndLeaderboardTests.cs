using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>Stats, targets, KPIs and leaderboards over HTTP, in the shapes of docs/api.md; numbers worked out by hand.</summary>
[Collection(TrackingHostCollection.Name)]
public sealed class StatsAndLeaderboardTests(TrackingHostFixture host)
{
    private static readonly string[] MetricNames =
        ["calls", "visits", "collectionVisits", "serviceVisits", "salesVisits", "proactiveVisits", "aClassSalesVisits", "policies", "fyp", "renewalCollected",
         "renewalDue", "renewalDueCollected"];

    private static string[] Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key).Order().ToArray();

    private static decimal Number(JsonNode? node) => node!.GetValue<decimal>();

    private async Task PostOkAsync(params object[] events)
    {
        var (status, body, _) = await host.PostEventsAsync(new { events });
        Assert.True(status == 200, body?.ToJsonString());
    }

    /// <summary>Team 1: A1, A2; team 2: A3. November 2026 in Shanghai.</summary>
    private async Task<OrgBuilder> NovemberAsync()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(2, (1, 1), (2, 1), (3, 2)));
        var targets = await host.Http.PutAsJsonAsync("/api/v1/targets", new
        {
            targets = new object[]
            {
                new { scope = "branch", id = org.Branch, metric = "visits", period = "week", value = 15 },
                new { scope = "agent", id = org.Agent(1), metric = "fyp", period = "month", value = 50000 },
                new { scope = "team", id = org.Team(1), metric = "aClassSalesVisits", period = "month", value = 30, weekly = new[] { 10, 5, 5, 10 } },
            },
        });
        Assert.Equal(200, (int)targets.StatusCode);
        // Tuesday 10 November: A1 three proactive class-A sales visits and a 12,000 policy; A3 a call.
        await PostOkAsync(
            org.Visit(1, "2026-11-10T10:00:00+08:00"),
            org.Visit(1, "2026-11-10T11:00:00+08:00"),
            org.Visit(1, "2026-11-10T14:00:00+08:00"),
            org.Policy(1, "2026-11-10T15:00:00+08:00", "P1", 12000m),
            org.Call(3, "2026-11-10T16:00:00+08:00"));
        return org;
    }

    [Fact]
    public async Task Agent_stats_have_the_contract_shape_and_resolve_targets_agent_team_branch()
    {
        var org = await NovemberAsync();

        var week = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=week&date=2026-11-10");
        Assert.Equal(["agentId", "attainment", "branchId", "elapsedShare", "elapsedShareByDay", "expected", "kpis", "metrics", "pace", "period", "targets", "teamId"], Keys(week));
        // The ten counted metrics and the renewal figures of the items due in the period.
        Assert.Equal(MetricNames.Order(), Keys(week["metrics"]));
        // An agent's only KPI is its collection rate: null, as nothing falls due.
        Assert.Equal(["collectionRate"], Keys(week["kpis"]));
        Assert.Null(week["kpis"]!["collectionRate"]);
        Assert.Equal("week", week["period"]!["kind"]!.GetValue<string>());
        Assert.Equal("2026-11-09T00:00:00+08:00", week["period"]!["start"]!.GetValue<string>());
        Assert.Equal("2026-11-16T00:00:00+08:00", week["period"]!["end"]!.GetValue<string>());
        // visits: the branch's 15 a week; aClassSalesVisits: the team's month split, the week of Thursday 12th is
        // block 2 (days 8-14) → 5. fyp has only a month target, so none for the week.
        Assert.Equal(["aClassSalesVisits", "visits"], Keys(week["targets"]));
        Assert.Equal(15m, Number(week["targets"]!["visits"]));
        Assert.Equal(5m, Number(week["targets"]!["aClassSalesVisits"]));
        Assert.Equal(0.2m, Number(week["attainment"]!["visits"]));              // 3 / 15
        Assert.Equal(0.6m, Number(week["attainment"]!["aClassSalesVisits"]));   // 3 / 5
        Assert.Equal(0.2m, Number(week["pace"]!["visits"]));                    // a finished week: pace = attainment
        // The calendar figures the pages draw with: a finished week is all passed, its targets all expected;
        // Mon–Fri 09–18 adds a fifth of the week's working time each weekday.
        Assert.Equal(1m, Number(week["elapsedShare"]));
        Assert.Equal(["aClassSalesVisits", "visits"], Keys(week["expected"]));
        Assert.Equal(15m, Number(week["expected"]!["visits"]));
        Assert.Equal(5m, Number(week["expected"]!["aClassSalesVisits"]));
        Assert.Equal([0.2m, 0.4m, 0.6m, 0.8m, 1m, 1m, 1m], week["elapsedShareByDay"]!.AsArray().Select(Number).ToArray());

        var month = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=month&date=2026-11-10");
        Assert.Equal(50000m, Number(month["targets"]!["fyp"]));
        Assert.Equal(0.24m, Number(month["attainment"]!["fyp"]));               // 12,000 / 50,000
        Assert.Equal(30m, Number(month["targets"]!["aClassSalesVisits"]));
        Assert.Equal(0.1m, Number(month["attainment"]!["aClassSalesVisits"]));  // 3 / 30

        var other = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(2)}/stats?period=month&date=2026-11-10");
        Assert.Equal(["aClassSalesVisits"], Keys(other["targets"]));            // no agent override, the team's plan
    }

    [Fact]
    public async Task Team_and_branch_stats_carry_the_kpis_worked_out_by_hand()
    {
        var org = await NovemberAsync();

        var team = await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/teams/{org.Team(1)}/stats?period=month&date=2026-11-10"),
            t => Number(t["metrics"]!["fyp"]) == 12000m);
        Assert.Equal(["attainment", "branchId", "elapsedShare", "elapsedShareByDay", "expected", "kpis", "metrics", "pace", "period", "targets", "teamId"], Keys(team));
        Assert.Equal(30, team["elapsedShareByDay"]!.AsArray().Count);            // November's days
        Assert.Equal(["activeAgents", "activityRate", "averagePremiumPerCase", "casesPerCapita", "collectionRate", "effectiveHeadcount", "effectiveRate",
            "headcount", "perCapitaFyp", "productivity", "shareMeetingStandard"], Keys(team["kpis"]));
        var kpis = team["kpis"]!;
        // Headcount 2 at start and end → average 2; one agent sold → active 1, activity rate 1/2.
        Assert.Equal(2, kpis["headcount"]!["start"]!.GetValue<int>());
        Assert.Equal(2, kpis["headcount"]!["end"]!.GetValue<int>());
        Assert.Equal(2m, Number(kpis["headcount"]!["average"]));
        Assert.Equal(1, kpis["activeAgents"]!.GetValue<int>());
        Assert.Equal(0.5m, Number(kpis["activityRate"]));
        Assert.Equal(6000m, Number(kpis["perCapitaFyp"]));           // 12,000 / 2
        Assert.Equal(12000m, Number(kpis["productivity"]));          // 12,000 / 1 active
        Assert.Equal(12000m, Number(kpis["averagePremiumPerCase"])); // 12,000 / 1 policy
        Assert.Equal(0.5m, Number(kpis["casesPerCapita"]));          // 1 / 2
        Assert.Equal(0m, Number(kpis["shareMeetingStandard"]));      // both have targets, neither attains them
        Assert.Equal(1m, Number(kpis["effectiveHeadcount"]));        // A1 sold a policy in November (default: 1 policy, FYP ≥ 0)
        Assert.Equal(0.5m, Number(kpis["effectiveRate"]));           // 1 / 2
        // A team's plan is the sum of its active members' targets: A1 and A2 each have the team's 30 a month.
        Assert.Equal(60m, Number(team["targets"]!["aClassSalesVisits"]));
        Assert.Equal(0.05m, Number(team["attainment"]!["aClassSalesVisits"]));   // 3 / 60
        Assert.Equal(50000m, Number(team["targets"]!["fyp"]));                   // only A1 has an fyp plan
        Assert.Equal(0.24m, Number(team["attainment"]!["fyp"]));                 // 12,000 / 50,000
        var members = await host.GetJsonAsync($"/api/v1/teams/{org.Team(1)}/members");
        Assert.Equal([org.Agent(1), org.Agent(2)], members.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal("Agent 1", members[0]!["name"]!.GetValue<string>());

        var branch = await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/stats?period=month&date=2026-11-10"),
            b => Number(b["metrics"]!["calls"]) == 1m);
        // A branch's KPIs are a team's and its stars (null: the period is not a quarter).
        Assert.Equal([.. Keys(team["kpis"]), "stars"], Keys(branch["kpis"]));
        Assert.Null(branch["kpis"]!["stars"]);
        Assert.Equal(3, branch["kpis"]!["headcount"]!["end"]!.GetValue<int>());
        Assert.Equal(4000m, Number(branch["kpis"]!["perCapitaFyp"]));  // 12,000 / 3
        Assert.Equal(3m, Number(branch["metrics"]!["visits"]));

        // An empty team: every ratio with a zero denominator is null, never NaN.
        await host.PutOrgAsync(new { teams = new[] { new { id = org.Team(9), branchId = org.Branch, name = "Empty" } } });
        var empty = await host.GetJsonAsync($"/api/v1/teams/{org.Team(9)}/stats?period=day&date=2026-11-10");
        foreach (var ratio in new[] { "activityRate", "perCapitaFyp", "productivity", "averagePremiumPerCase", "casesPerCapita", "shareMeetingStandard", "collectionRate" })
            Assert.Null(empty["kpis"]![ratio]);
    }

    [Fact]
    public async Task Leaderboards_answer_every_metric_period_and_scope_in_the_contract_shape()
    {
        var org = await NovemberAsync();
        await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=visits&period=day&scope=teams&date=2026-11-10"),
            b => b["entries"]!.AsArray().Any(e => Number(e!["value"]) == 3m));

        foreach (var metric in MetricNames)
        foreach (var period in new[] { "day", "week", "month" })
        foreach (var scope in new[] { "agents", "teams" })
        {
            var board = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric={metric}&period={period}&scope={scope}&top=20&date=2026-11-10");
            Assert.Equal(["asOf", "branchId", "entries", "metric", "period", "scope", "version"], Keys(board));
            Assert.Equal(metric, board["metric"]!.GetValue<string>());
            Assert.Equal(scope, board["scope"]!.GetValue<string>());
            Assert.Equal(period, board["period"]!["kind"]!.GetValue<string>());
            Assert.Equal(scope == "teams" ? 2 : 3, board["entries"]!.AsArray().Count);
            foreach (var entry in board["entries"]!.AsArray())
                Assert.Equal(["id", "name", "rank", "teamId", "value"], Keys(entry));
        }

        var fyp = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=fyp&period=month&date=2026-11-10");
        var ranks = fyp["entries"]!.AsArray().Select(e => (e!["rank"]!.GetValue<int>(), e["id"]!.GetValue<string>(), Number(e["value"]))).ToArray();
        // A1 leads; A2 and A3 tie at 0 and share rank 2, listed by id.
        Assert.Equal([(1, org.Agent(1), 12000m), (2, org.Agent(2), 0m), (2, org.Agent(3), 0m)], ranks);

        var top1 = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=fyp&period=month&top=1&date=2026-11-10");
        Assert.Single(top1["entries"]!.AsArray());
    }

    [Theory]
    [InlineData("metric=bananas")]
    [InlineData("period=decade")]
    [InlineData("scope=regions")]
    [InlineData("top=0")]
    [InlineData("top=501")]
    [InlineData("date=2026-13-01")]
    public async Task Bad_leaderboard_queries_are_400_problems(string query)
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        var response = await host.Http.GetAsync($"/api/v1/branches/{org.Branch}/leaderboard?{query}");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_team_move_in_mid_month_leaves_earlier_results_with_the_old_team()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(2, (1, 1)));
        await PostOkAsync(org.Policy(1, "2026-11-05T10:00:00+08:00", "P1", 1000m));
        await host.PutOrgAsync(new { agents = new[] { new { id = org.Agent(1), teamId = org.Team(2), name = "Agent 1", effectiveFrom = "2026-11-15T00:00:00+08:00" } } });
        await PostOkAsync(
            org.Policy(1, "2026-11-20T10:00:00+08:00", "P2", 2000m),
            org.Call(1, "2026-11-14T23:59:00+08:00")); // late, and before the move: still the old team's

        var t1 = await Eventually.Until(() => host.GetJsonAsync($"/api/v1/teams/{org.Team(1)}/stats?period=month&date=2026-11-01"), s => Number(s["metrics"]!["calls"]) == 1m);
        var t2 = await Eventually.Until(() => host.GetJsonAsync($"/api/v1/teams/{org.Team(2)}/stats?period=month&date=2026-11-01"), s => Number(s["metrics"]!["fyp"]) == 2000m);
        Assert.Equal((1000m, 1m), (Number(t1["metrics"]!["fyp"]), Number(t1["metrics"]!["calls"])));
        Assert.Equal((2000m, 0m), (Number(t2["metrics"]!["fyp"]), Number(t2["metrics"]!["calls"])));
        // Headcounts follow the dates: in T1 at the start of November, in T2 at its end.
        Assert.Equal((1, 0), (t1["kpis"]!["headcount"]!["start"]!.GetValue<int>(), t1["kpis"]!["headcount"]!["end"]!.GetValue<int>()));
        Assert.Equal((0, 1), (t2["kpis"]!["headcount"]!["start"]!.GetValue<int>(), t2["kpis"]!["headcount"]!["end"]!.GetValue<int>()));
        // T1 still counts the agent as active: it produced there before leaving.
        Assert.Equal(1, t1["kpis"]!["activeAgents"]!.GetValue<int>());

        var agent = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=month&date=2026-11-01");
        Assert.Equal(3000m, Number(agent["metrics"]!["fyp"]));
        Assert.Equal(org.Team(2), agent["teamId"]!.GetValue<string>());
        var stored = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}");
        Assert.Equal(org.Team(2), stored["teamId"]!.GetValue<string>());

        var teams = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=fyp&period=month&scope=teams&date=2026-11-01");
        Assert.Equal([(org.Team(2), 2000m), (org.Team(1), 1000m)], teams["entries"]!.AsArray().Select(e => (e!["id"]!.GetValue<string>(), Number(e["value"]))));
    }

    [Fact]
    public async Task A_cancellation_next_month_lowers_next_months_fyp_not_the_original_month()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        await PostOkAsync(org.Policy(1, "2026-10-30T10:00:00+08:00", "P1", 8000m), org.Renewal(1, "2026-10-31T10:00:00+08:00", "R1", 500m, 1));
        await PostOkAsync(org.Cancellation(1, "2026-11-02T10:00:00+08:00", "P1"));

        var october = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=month&date=2026-10-15");
        var november = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=month&date=2026-11-15");
        Assert.Equal((8500m, 1m, 500m), (Number(october["metrics"]!["fyp"]), Number(october["metrics"]!["policies"]), Number(october["metrics"]!["renewalCollected"])));
        Assert.Equal((-8000m, -1m), (Number(november["metrics"]!["fyp"]), Number(november["metrics"]!["policies"])));
    }
}
