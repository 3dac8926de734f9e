using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// Effective headcount (有效人力), effective rate and branch stars in stats: months, the third quarter of 2026 and the
/// year, with a joiner, a leaver, a cancellation and custom thresholds and bands; the default bands at their
/// 40 edge; the branch topic's stars; the org fields and their validation.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class EffectiveHeadcountTests(TrackingHostFixture host)
{
    private static readonly string[] Months = ["2026-07-15", "2026-08-15", "2026-09-15"];

    private static decimal? Number(JsonNode? node) => node?.GetValue<decimal>();

    private static string[] Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key).Order().ToArray();

    private static object Branch(OrgBuilder org, object? effectiveAgent = null, object? starBands = null, string? id = null) =>
        new { id = id ?? org.Branch, name = "Branch " + org.Prefix, timeZone = org.TimeZone, effectiveAgent, starBands };

    private static object Agent(OrgBuilder org, int n, int team, string effectiveFrom = "2026-01-01T00:00:00+08:00", bool active = true) =>
        new { id = org.Agent(n), teamId = org.Team(team), name = $"Agent {n}", active, effectiveFrom };

    private static object[] Teams(OrgBuilder org, int count) =>
        Enumerable.Range(1, count).Select(t => (object)new { id = org.Team(t), branchId = org.Branch, name = $"Team {t}" }).ToArray();

    /// <summary>
    /// Branch with thresholds "1 policy and FYP 5 000" and bands 1★ from 1, 2★ from 2.5, 3★ from 3. Team 1: A1 all
    /// year; A2 joins 10 Aug; A3 leaves at the first instant of August; A4 all year. Team 2: A5 all year.
    ///
    ///   agent   July                          August                 September
    ///   A1      8 000 ✓                       6 000 ✓                4 000 + 2 000 (2 policies) ✓
    ///   A2      –                             5 000 ✓ (exactly)      9 000 ✓
    ///   A3      12 000 ✓                      (left)                 –
    ///   A4      –                             3 000 ✗ (FYP short)    7 000 ✓  (effective only in September)
    ///   A5      20 000 sold and cancelled ✗   6 000 ✓                5 000 + 1 000 ✓
    ///
    /// Team 1: July 2, August 2, September 3 → quarter (2 + 2 + 3) ÷ 3 = 2.3333. Team 2: 0, 1, 1 → 0.6667.
    /// Branch: 2, 3, 4 → 3 → 3 stars (the band's edge reached exactly).
    /// </summary>
    private async Task<OrgBuilder> ThirdQuarterAsync()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await host.PutOrgAsync(new
        {
            branches = new[]
            {
                Branch(org, new { minPolicies = 1, minFyp = 5000 },
                    new object[] { new { stars = 1, minEffective = 1 }, new { stars = 2, minEffective = 2.5 }, new { stars = 3, minEffective = 3 } }),
            },
            teams = Teams(org, 2),
            agents = new[]
            {
                Agent(org, 1, 1), Agent(org, 2, 1, "2026-08-10T09:00:00+08:00"), Agent(org, 3, 1), Agent(org, 4, 1), Agent(org, 5, 2),
            },
        });
        await host.PutOrgAsync(new { agents = new[] { Agent(org, 3, 1, "2026-08-01T00:00:00+08:00", active: false) } });
        var (status, body, _) = await host.PostEventsAsync(new
        {
            events = new[]
            {
                org.Policy(1, "2026-07-10T10:00:00+08:00", "P1", 8000m),
                org.Policy(1, "2026-08-05T10:00:00+08:00", "P2", 6000m),
                org.Policy(1, "2026-09-03T10:00:00+08:00", "P3", 4000m),
                org.Policy(1, "2026-09-04T10:00:00+08:00", "P3b", 2000m),
                org.Policy(2, "2026-08-20T10:00:00+08:00", "P4", 5000m),
                org.Policy(2, "2026-09-15T10:00:00+08:00", "P5", 9000m),
                org.Policy(3, "2026-07-20T10:00:00+08:00", "P6", 12000m),
                org.Policy(4, "2026-08-21T10:00:00+08:00", "P7a", 3000m),
                org.Policy(4, "2026-09-25T10:00:00+08:00", "P7", 7000m),
                org.Policy(5, "2026-07-02T10:00:00+08:00", "P8", 20000m),
                org.Cancellation(5, "2026-07-28T10:00:00+08:00", "P8"),
                org.Policy(5, "2026-08-11T10:00:00+08:00", "P9", 6000m),
                org.Policy(5, "2026-09-05T10:00:00+08:00", "P10", 5000m),
                org.Policy(5, "2026-09-06T10:00:00+08:00", "P11", 1000m),
            },
        });
        Assert.True(status == 200, body?.ToJsonString());
        return org;
    }

    /// <summary>Stats once every event has reached the unit (13 policies in the quarter, one cancelled: 12 net).</summary>
    private Task<JsonNode> StatsAsync(string unit, string period, string date) =>
        Eventually.Until(() => host.GetJsonAsync($"{unit}/stats?period={period}&date={date}"),
            s => s["kpis"]!["effectiveHeadcount"] is not null || period is "day" or "week",
            TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Month_quarter_and_year_carry_the_effective_headcount_rate_and_the_branchs_stars_worked_by_hand()
    {
        var org = await ThirdQuarterAsync();
        var team1 = $"/api/v1/teams/{org.Team(1)}";
        var team2 = $"/api/v1/teams/{org.Team(2)}";
        var branch = $"/api/v1/branches/{org.Branch}";
        // Wait until the branch holds every policy of the quarter: 13 sold, 1 cancelled.
        await Eventually.Until(() => host.GetJsonAsync($"{branch}/stats?period=quarter&date=2026-08-01"),
            s => Number(s["metrics"]!["policies"]) == 12m, TimeSpan.FromSeconds(5));
        await Eventually.Until(() => host.GetJsonAsync($"{team2}/stats?period=quarter&date=2026-08-01"),
            s => Number(s["metrics"]!["policies"]) == 3m, TimeSpan.FromSeconds(5));
        await Eventually.Until(() => host.GetJsonAsync($"{team1}/stats?period=quarter&date=2026-08-01"),
            s => Number(s["metrics"]!["policies"]) == 9m, TimeSpan.FromSeconds(5));

        // Team 1, months. July: A1, A3 = 2 over headcount 3 (A1, A3, A4 at start and end) → 0.6667.
        // August: A1, A2 = 2 over (2 at the start: A3 left at that instant; 3 at the end, with A2) ÷ 2 = 2.5 → 0.8.
        // September: A1, A2, A4 = 3 over 3 → 1.
        var months = new List<(decimal?, decimal?)>();
        foreach (var date in Months)
        {
            var kpis = (await StatsAsync(team1, "month", date))["kpis"]!;
            months.Add((Number(kpis["effectiveHeadcount"]), Number(kpis["effectiveRate"])));
        }
        Assert.Equal([(2m, 0.6667m), (2m, 0.8m), (3m, 1m)], months);

        // Team 1, quarter: 7 ÷ 3 = 2.3333 over headcount 3 (start A1, A3, A4; end A1, A2, A4) → 7/9 = 0.7778. No stars on a team.
        var quarter1 = await StatsAsync(team1, "quarter", "2026-09-30");
        Assert.Equal((2.3333m, 0.7778m), (Number(quarter1["kpis"]!["effectiveHeadcount"]), Number(quarter1["kpis"]!["effectiveRate"])));
        Assert.DoesNotContain("stars", Keys(quarter1["kpis"]));
        // Team 2: 0 (sold and cancelled in July), 1, 1 → 0.6667 over headcount 1.
        var quarter2 = (await StatsAsync(team2, "quarter", "2026-07-01"))["kpis"]!;
        Assert.Equal((0.6667m, 0.6667m), (Number(quarter2["effectiveHeadcount"]), Number(quarter2["effectiveRate"])));

        // Branch, August: A1, A2, A5 = 3 over (3 + 4) ÷ 2 = 3.5 → 0.8571; a month has no stars.
        var august = (await StatsAsync(branch, "month", "2026-08-31"))["kpis"]!;
        Assert.Equal((3m, 0.8571m), (Number(august["effectiveHeadcount"]), Number(august["effectiveRate"])));
        Assert.Null(august["stars"]);
        // Branch, quarter: (2 + 3 + 4) ÷ 3 = 3 over headcount 4 → 0.75; 3 reaches the 3-star band exactly.
        var quarter = (await StatsAsync(branch, "quarter", "2026-08-15"))["kpis"]!;
        Assert.Equal((3m, 0.75m, 3), (Number(quarter["effectiveHeadcount"]), Number(quarter["effectiveRate"]), quarter["stars"]!.GetValue<int>()));

        // The year 2026 (its twelve months have all begun): 9 effective agent-months ÷ 12 = 0.75 over headcount 4
        // (1 January: A1, A3, A4, A5; the end: A1, A2, A4, A5) → 0.1875; team 1: 7 ÷ 12 = 0.5833 over 3 → 0.1944.
        var year = (await StatsAsync(branch, "year", "2026-03-01"))["kpis"]!;
        Assert.Equal((0.75m, 0.1875m), (Number(year["effectiveHeadcount"]), Number(year["effectiveRate"])));
        Assert.Null(year["stars"]);
        var year1 = (await StatsAsync(team1, "year", "2026-03-01"))["kpis"]!;
        Assert.Equal((0.5833m, 0.1944m), (Number(year1["effectiveHeadcount"]), Number(year1["effectiveRate"])));

        // Days and weeks have no effective headcount.
        foreach (var period in new[] { "day", "week" })
        {
            var kpis = (await StatsAsync(branch, period, "2026-09-15"))["kpis"]!;
            Assert.Equal((null, null, null), (kpis["effectiveHeadcount"], kpis["effectiveRate"], kpis["stars"]));
            Assert.Contains("effectiveHeadcount", Keys(kpis));
        }

        // The branch record shows the thresholds and bands in force.
        var record = await host.GetJsonAsync(branch);
        Assert.Equal("""{"minPolicies":1,"minFyp":5000}""", record["effectiveAgent"]!.ToJsonString());
        Assert.Equal("""[{"stars":1,"minEffective":1},{"stars":2,"minEffective":2.5},{"stars":3,"minEffective":3}]""", record["starBands"]!.ToJsonString());
    }

    /// <summary>
    /// Default thresholds and bands: 40 agents each with one policy in each month of the third quarter make 120
    /// effective agent-months → an average of 40 → 3 stars; one policy fewer makes 119 → 39.6667, short of 40 → 0 stars.
    /// </summary>
    [Theory]
    [InlineData(120, 40, 3)]
    [InlineData(119, 39.6667, 0)]
    public async Task Default_bands_at_the_40_edge(int agentMonths, decimal average, int stars)
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await host.PutOrgAsync(new
        {
            branches = new[] { Branch(org) },
            teams = Teams(org, 1),
            agents = Enumerable.Range(1, 40).Select(n => Agent(org, n, 1)).ToArray(),
        });
        var events = Enumerable.Range(0, agentMonths)
            .Select(i => org.Policy(i % 40 + 1, $"2026-0{7 + i / 40}-10T10:00:00+08:00", $"P{i}", 1000m)).ToArray();
        var (status, _, _) = await host.PostEventsAsync(new { events });
        Assert.Equal(200, status);

        var kpis = (await Eventually.Until(() => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/stats?period=quarter&date=2026-09-01"),
            s => Number(s["metrics"]!["policies"]) == agentMonths, TimeSpan.FromSeconds(10)))["kpis"]!;
        Assert.Equal((average, stars), (Number(kpis["effectiveHeadcount"]), kpis["stars"]!.GetValue<int>()));
        Assert.Equal(Math.Round(average / 40m, 4), Number(kpis["effectiveRate"]));

        var record = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}");
        Assert.Equal("""{"minPolicies":1,"minFyp":0}""", record["effectiveAgent"]!.ToJsonString());
        Assert.Equal("""[{"stars":3,"minEffective":40},{"stars":4,"minEffective":60},{"stars":5,"minEffective":80}]""", record["starBands"]!.ToJsonString());
    }

    [Fact]
    public async Task The_branch_topic_carries_the_current_quarters_stars_and_pushes_a_change()
    {
        var org = new OrgBuilder(LiveTimeZone.AwayFromMidnight());
        // One effective agent in one month of the current quarter averages at least 1/3, which earns the one band.
        await host.PutOrgAsync(new
        {
            branches = new[] { Branch(org, starBands: new object[] { new { stars = 4, minEffective = 0.3 } }) },
            teams = Teams(org, 1),
            agents = new[] { Agent(org, 1, 1) },
        });
        await using var connection = await host.ConnectHubAsync();
        var pushes = Channel.CreateUnbounded<JsonElement>();
        connection.On<JsonElement>("branch", payload => pushes.Writer.TryWrite(payload));
        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", $"branch:{org.Branch}");
        Assert.Equal(0, snapshot.GetProperty("stars").GetInt32());

        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(org.TimeZone));
        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Policy(1, now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:sszzz"), "P1", 1000m) } });
        Assert.Equal(200, status);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var push = await pushes.Reader.ReadAsync(timeout.Token);
        Assert.Equal((4, $"branch:{org.Branch}"), (push.GetProperty("stars").GetInt32(), push.GetProperty("topic").GetString()));
    }

    [Fact]
    public async Task Bad_thresholds_and_bands_are_400_naming_the_field_and_nothing_is_stored()
    {
        var org = new OrgBuilder();
        var cases = new (object Branch, string Path)[]
        {
            (Branch(org, new { minPolicies = -1 }), "branches[0].effectiveAgent.minPolicies"),
            (Branch(org, new { minPolicies = 1001 }), "branches[0].effectiveAgent.minPolicies"),
            (Branch(org, new { minPolicies = 1.5 }), "branches[0].effectiveAgent.minPolicies"),
            (Branch(org, new { minFyp = -5 }), "branches[0].effectiveAgent.minFyp"),
            (Branch(org, new { minFyp = 1.234 }), "branches[0].effectiveAgent.minFyp"),
            (Branch(org, new { minFyp = "5000" }), "branches[0].effectiveAgent.minFyp"),
            (Branch(org, starBands: new object[] { new { stars = 3, minEffective = 40 }, new { stars = 4, minEffective = -1 } }), "branches[0].starBands[1].minEffective"),
            (Branch(org, starBands: new object[] { new { stars = 0, minEffective = 1 } }), "branches[0].starBands[0].stars"),
            (Branch(org, starBands: new object[] { new { stars = 11, minEffective = 1 } }), "branches[0].starBands[0].stars"),
            (Branch(org, starBands: new object[] { new { stars = 3, minEffective = 1 }, new { stars = 3, minEffective = 2 } }), "branches[0].starBands[1].stars"),
            (Branch(org, starBands: new object[] { new { stars = 3 } }), "branches[0].starBands[0].minEffective"),
            (Branch(org, starBands: Enumerable.Range(1, 11).Select(n => (object)new { stars = n, minEffective = n }).ToArray()), "branches[0].starBands"),
        };
        foreach (var (branch, path) in cases)
        {
            var response = await host.Http.PutAsJsonAsync("/api/v1/org", new { branches = new[] { branch } });
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(400 == (int)response.StatusCode, $"{path}: {(int)response.StatusCode} {problem.ToJsonString()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(problem["errors"]![path] is not null, $"{path}: {problem.ToJsonString()}");
        }
        Assert.Equal(404, (int)(await host.Http.GetAsync($"/api/v1/branches/{org.Branch}")).StatusCode);

        // Empty bands are allowed (no stars at all); a threshold left out takes its default.
        await host.PutOrgAsync(new { branches = new[] { Branch(org, new { minFyp = 100.5 }, Array.Empty<object>()) } });
        var record = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}");
        Assert.Equal("""{"minPolicies":1,"minFyp":100.5}""", record["effectiveAgent"]!.ToJsonString());
        Assert.Equal("[]", record["starBands"]!.ToJsonString());
    }
}
