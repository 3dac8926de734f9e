using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// <c>GET /api/v1/teams/{id}/renewals/grid</c> over HTTP: due items uploaded, collected by renewal events, read
/// back as the team's collection grid with every cell as worked by hand. The host's product clock stands at
/// 31 December 2026 20:00 UTC (1 January 2027 in Shanghai), so the default month is the branch's own.
/// </summary>
public sealed class RenewalGridTests(FakeClockHostFixture host) : IClassFixture<FakeClockHostFixture>
{
    private static object Item(OrgBuilder org, string policyId, int agent, string dueDate, decimal amount, int policyYear) =>
        new { policyId = org.Prefix + policyId, agentId = org.Agent(agent), dueDate, amount, policyYear };

    private static string Noon(string day) => $"{day}T12:00:00+08:00";

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, int expected = 200)
    {
        var response = await host.Http.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private Task RecordAsync(params object[] events) => SendAsync(HttpMethod.Post, "/api/v1/events", new { events });

    private Task<JsonNode?> GridAsync(string team, string query = "") => SendAsync(HttpMethod.Get, $"/api/v1/teams/{team}/renewals/grid{query}", null);

    /// <summary>The cells as "row/column due collected rate", in the order listed.</summary>
    private static string[] Cells(JsonNode grid) => grid["cells"]!.AsArray().Select(c => string.Create(CultureInfo.InvariantCulture,
        $"{c!["row"]!.GetValue<string>()}/{c["column"]!.GetValue<int>()} {c["due"]!.GetValue<decimal>():0.00} {c["collected"]!.GetValue<decimal>():0.00} {(c["rate"] is { } r ? r.GetValue<decimal>().ToString("0.####", CultureInfo.InvariantCulture) : "null")}")).ToArray();

    /// <summary>
    /// Team 1 (agents 1 and 2) and team 2 (agent 3) of a Shanghai branch; December 2026 with the default 60 grace
    /// days: the grace of an item due 2 Oct … 1 Nov ends in December (2 Oct + 60 = 1 Dec, 1 Nov + 60 = 31 Dec).
    /// A  agent 1, year 2, due  5 Dec, 3,500.50, 1,750.25 paid 10 Dec   → this month, column 2
    /// B  agent 2, year 3, due 20 Dec, 1,000, nothing                   → this month, column 3
    /// C  agent 1, year 5, due 10 Dec,   800, paid 25 Nov before upload → this month, column 4 (a 5th year)
    /// D  agent 2, year 4, due 31 Dec, 1,200,   300 paid                → this month, column 4
    /// E  agent 1, year 2, due 15 Nov, 2,000,   500 paid                → last month, column 2 (grace ends 14 Jan)
    /// F  agent 2, year 3, due  1 Nov, 1,500,   600 paid                → last month AND grace ending (31 Dec), column 3
    /// G  agent 1, year 2, due 10 Oct, 4,000, 1,000 paid                → grace ending (9 Dec), column 2
    /// H  agent 2, year 6, due  2 Oct, 2,500, nothing                   → grace ending (1 Dec), column 4
    /// I  agent 1, year 4, due  1 Oct,   900, nothing                   → nowhere (grace ended 30 Nov)
    /// J  agent 1, year 1, due  8 Dec, 5,000, all paid                  → nowhere (first-year premium is not renewal)
    /// K  agent 2, year 2, due  1 Jan, 700, nothing                     → not in December (January, this month)
    /// X  agent 3 of team 2, year 2, due 6 Dec, 9,999.99                → not in team 1's grid
    /// </summary>
    private async Task<OrgBuilder> DecemberAsync()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await SendAsync(HttpMethod.Put, "/api/v1/org", org.Org(2, (1, 1), (2, 1), (3, 2)));
        await RecordAsync(org.Renewal(1, Noon("2026-11-25"), "C", 800m, 5));
        await SendAsync(HttpMethod.Put, "/api/v1/renewals/due", new
        {
            items = new[]
            {
                Item(org, "A", 1, "2026-12-05", 3500.50m, 2), Item(org, "B", 2, "2026-12-20", 1000m, 3), Item(org, "C", 1, "2026-12-10", 800m, 5),
                Item(org, "D", 2, "2026-12-31", 1200m, 4), Item(org, "E", 1, "2026-11-15", 2000m, 2), Item(org, "F", 2, "2026-11-01", 1500m, 3),
                Item(org, "G", 1, "2026-10-10", 4000m, 2), Item(org, "H", 2, "2026-10-02", 2500m, 6), Item(org, "I", 1, "2026-10-01", 900m, 4),
                Item(org, "J", 1, "2026-12-08", 5000m, 1), Item(org, "K", 2, "2027-01-01", 700m, 2), Item(org, "X", 3, "2026-12-06", 9999.99m, 2),
            },
        });
        await RecordAsync(
            org.Renewal(1, Noon("2026-12-10"), "A", 1750.25m, 2), org.Renewal(2, Noon("2026-11-25"), "D", 300m, 4),
            org.Renewal(1, Noon("2026-11-25"), "E", 500m, 2), org.Renewal(2, Noon("2026-11-25"), "F", 600m, 3),
            org.Renewal(1, Noon("2026-11-25"), "G", 1000m, 2), org.Renewal(1, Noon("2026-12-08"), "J", 5000m, 1),
            org.Renewal(3, Noon("2026-12-06"), "X", 9999.99m, 2));
        return org;
    }

    [Fact]
    public async Task Every_cell_of_a_month_is_the_teams_items_due_and_collected_by_due_month_and_premium_year()
    {
        var org = await DecemberAsync();

        var grid = (await GridAsync(org.Team(1), "?month=2026-12"))!;

        Assert.Equal("2026-12", grid["month"]!.GetValue<string>());
        Assert.Equal(["thisMonth", "lastMonth", "graceEnding"], grid["rows"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal([2, 3, 4], grid["columns"]!.AsArray().Select(c => c!.GetValue<int>()));
        Assert.Equal(
        [
            "thisMonth/2 3500.50 1750.25 0.5",  // A
            "thisMonth/3 1000.00 0.00 0",       // B
            "thisMonth/4 2000.00 1100.00 0.55", // C + D
            "lastMonth/2 2000.00 500.00 0.25",  // E
            "lastMonth/3 1500.00 600.00 0.4",   // F
            "lastMonth/4 0.00 0.00 null",       // nothing due: no rate
            "graceEnding/2 4000.00 1000.00 0.25", // G
            "graceEnding/3 1500.00 600.00 0.4",   // F again
            "graceEnding/4 2500.00 0.00 0",       // H
        ], Cells(grid));
        Assert.Equal(["collected", "column", "due", "rate", "row"], grid["cells"]![5]!.AsObject().Select(p => p.Key).Order());

        // Team 2 has X alone.
        var other = (await GridAsync(org.Team(2), "?month=2026-12"))!;
        Assert.Equal("thisMonth/2 9999.99 9999.99 1", Cells(other)[0]);
        Assert.All(Cells(other)[1..], c => Assert.EndsWith(" 0.00 0.00 null", c));
    }

    [Fact]
    public async Task Without_a_month_the_grid_is_of_the_branchs_current_month()
    {
        var org = await DecemberAsync();
        var newYork = new OrgBuilder("America/New_York");
        await SendAsync(HttpMethod.Put, "/api/v1/org", newYork.Org(1));

        // 1 January 2027 in Shanghai: K this month; A, B, C + D last month; only E's grace ends in January
        // (items due 2 Nov … 2 Dec: 2 Nov + 60 = 1 Jan, 2 Dec + 60 = 31 Jan).
        var grid = (await GridAsync(org.Team(1)))!;
        Assert.Equal("2027-01", grid["month"]!.GetValue<string>());
        Assert.Equal(
        [
            "thisMonth/2 700.00 0.00 0", "thisMonth/3 0.00 0.00 null", "thisMonth/4 0.00 0.00 null",
            "lastMonth/2 3500.50 1750.25 0.5", "lastMonth/3 1000.00 0.00 0", "lastMonth/4 2000.00 1100.00 0.55",
            "graceEnding/2 2000.00 500.00 0.25", "graceEnding/3 0.00 0.00 null", "graceEnding/4 0.00 0.00 null",
        ], Cells(grid));
        Assert.Equal(Cells((await GridAsync(org.Team(1), "?month=2027-01"))!), Cells(grid));

        // Still 31 December in New York; a team without items has nine empty cells.
        var empty = (await GridAsync(newYork.Team(1)))!;
        Assert.Equal("2026-12", empty["month"]!.GetValue<string>());
        Assert.Equal(9, Cells(empty).Length);
        Assert.All(Cells(empty), c => Assert.EndsWith(" 0.00 0.00 null", c));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("202612")]
    [InlineData("2026-12-01")]
    [InlineData("december")]
    [InlineData("")]
    public async Task A_bad_month_is_a_400_naming_month(string month)
    {
        var org = new OrgBuilder();
        await SendAsync(HttpMethod.Put, "/api/v1/org", org.Org(1));

        var response = await host.Http.GetAsync($"/api/v1/teams/{org.Team(1)}/renewals/grid?month={month}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["month"]);
    }

    [Fact]
    public async Task The_grid_of_an_unknown_team_is_a_404()
    {
        var response = await host.Http.GetAsync($"/api/v1/teams/{new OrgBuilder().Team(1)}/renewals/grid?month=2026-12");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
