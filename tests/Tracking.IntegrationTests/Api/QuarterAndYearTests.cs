using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// <c>period=quarter|year</c> on stats and leaderboards: calendar quarters and years in branch-local time, across
/// a year end in UTC+8 (a 31 December 23:30 local event is last year's) and across a daylight-saving change.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class QuarterAndYearTests(TrackingHostFixture host)
{
    private static decimal Calls(JsonNode stats) => stats["metrics"]!["calls"]!.GetValue<decimal>();

    private static (string Kind, string Start, string End) PeriodOf(JsonNode view) =>
        (view["period"]!["kind"]!.GetValue<string>(), view["period"]!["start"]!.GetValue<string>(), view["period"]!["end"]!.GetValue<string>());

    private async Task<decimal> TeamCalls(OrgBuilder org, string period, string date, decimal expected) =>
        Calls(await Eventually.Until(() => host.GetJsonAsync($"/api/v1/teams/{org.Team(1)}/stats?period={period}&date={date}"), s => Calls(s) == expected));

    [Fact]
    public async Task Stats_and_leaderboards_of_quarters_and_years_split_at_local_midnight_of_31_December_in_Shanghai()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await host.PutOrgAsync(org.Org(1, (1, 1), (2, 1)));
        var (status, _, _) = await host.PostEventsAsync(new
        {
            events = new[]
            {
                org.Call(1, "2025-12-31T23:30:00+08:00"), // 15:30 UTC: last year's in Shanghai
                org.Call(2, "2025-12-31T16:30:00+00:00"), // 2026-01-01 00:30 in Shanghai, still 2025 in UTC
                org.Call(2, "2026-01-02T10:00:00+08:00"),
                org.Call(1, "2025-10-01T00:10:00+08:00"), // first minutes of the fourth quarter
                org.Call(1, "2025-09-30T23:50:00+08:00"), // last minutes of the third
            },
        });
        Assert.Equal(200, status);

        var agent1 = $"/api/v1/agents/{org.Agent(1)}";
        var agent2 = $"/api/v1/agents/{org.Agent(2)}";
        var year2025 = await host.GetJsonAsync($"{agent1}/stats?period=year&date=2025-07-15");
        Assert.Equal(3m, Calls(year2025));
        Assert.Equal(("year", "2025-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00"), PeriodOf(year2025));
        var q4 = await host.GetJsonAsync($"{agent1}/stats?period=quarter&date=2025-12-31");
        Assert.Equal(2m, Calls(q4));
        Assert.Equal(("quarter", "2025-10-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00"), PeriodOf(q4));
        Assert.Equal(1m, Calls(await host.GetJsonAsync($"{agent1}/stats?period=quarter&date=2025-09-30")));
        Assert.Equal(0m, Calls(await host.GetJsonAsync($"{agent2}/stats?period=year&date=2025-12-31")));
        var q1 = await host.GetJsonAsync($"{agent2}/stats?period=quarter&date=2026-03-31");
        Assert.Equal(2m, Calls(q1));
        Assert.Equal(("quarter", "2026-01-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00"), PeriodOf(q1));
        Assert.Equal(2m, Calls(await host.GetJsonAsync($"{agent2}/stats?period=year&date=2026-01-01")));

        Assert.Equal(3m, await TeamCalls(org, "year", "2025-01-01", 3m));
        Assert.Equal(2m, await TeamCalls(org, "quarter", "2026-02-01", 2m));
        var branchYear = await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/stats?period=year&date=2026-06-01"), s => Calls(s) == 2m);
        Assert.Equal(("year", "2026-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00"), PeriodOf(branchYear));

        var board2025 = await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=calls&period=year&scope=agents&date=2025-12-31"),
            b => b["entries"]![0]!["value"]!.GetValue<decimal>() == 3m);
        Assert.Equal(("year", "2025-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00"), PeriodOf(board2025));
        // The agents joined on 1 January 2026: 2025 lists only the agent with results credited in it.
        Assert.Equal([(org.Agent(1), 3m)], Entries(board2025));
        var boardQ1 = await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=calls&period=quarter&scope=agents&date=2026-01-01"),
            b => b["entries"]![0]!["value"]!.GetValue<decimal>() == 2m);
        Assert.Equal([(org.Agent(2), 2m), (org.Agent(1), 0m)], Entries(boardQ1));
        var teamsQ4 = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=calls&period=quarter&scope=teams&date=2025-11-11");
        Assert.Equal([(org.Team(1), 2m)], Entries(teamsQ4));
    }

    [Fact]
    public async Task A_quarter_across_the_spring_change_in_London_starts_in_winter_time_and_ends_in_summer_time()
    {
        var org = new OrgBuilder("Europe/London");
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        var (status, _, _) = await host.PostEventsAsync(new
        {
            events = new[]
            {
                org.Call(1, "2026-03-31T23:30:00+01:00"), // still the first quarter in London
                org.Call(1, "2026-03-31T23:30:00+00:00"), // 1 April 00:30 summer time: the second quarter
                org.Call(1, "2026-01-01T00:15:00+00:00"),
            },
        });
        Assert.Equal(200, status);

        var agent = $"/api/v1/agents/{org.Agent(1)}";
        var q1 = await host.GetJsonAsync($"{agent}/stats?period=quarter&date=2026-02-14");
        Assert.Equal(2m, Calls(q1));
        Assert.Equal(("quarter", "2026-01-01T00:00:00+00:00", "2026-04-01T00:00:00+01:00"), PeriodOf(q1));
        Assert.Equal(1m, Calls(await host.GetJsonAsync($"{agent}/stats?period=quarter&date=2026-04-01")));
        Assert.Equal(3m, Calls(await host.GetJsonAsync($"{agent}/stats?period=year&date=2026-04-01")));
        var board = await Eventually.Until(
            () => host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=calls&period=quarter&scope=agents&date=2026-03-29"),
            b => b["entries"]![0]!["value"]!.GetValue<decimal>() == 2m);
        Assert.Equal(("quarter", "2026-01-01T00:00:00+00:00", "2026-04-01T00:00:00+01:00"), PeriodOf(board));
    }

    [Fact]
    public async Task Quarter_and_year_targets_give_attainment_and_pace_and_a_finished_quarters_pace_is_its_attainment()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        var targets = await host.Http.PutAsJsonAsync("/api/v1/targets", new
        {
            targets = new object[]
            {
                new { scope = "agent", id = org.Agent(1), metric = "fyp", period = "quarter", value = 40000 },
                new { scope = "team", id = org.Team(1), metric = "fyp", period = "year", value = 100000 },
            },
        });
        Assert.Equal(200, (int)targets.StatusCode);
        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Policy(1, "2026-08-10T10:00:00+08:00", "P1", 12000m) } });
        Assert.Equal(200, status);

        var q3 = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=quarter&date=2026-09-30");
        Assert.Equal(40000m, q3["targets"]!["fyp"]!.GetValue<decimal>());
        Assert.Equal(0.3m, q3["attainment"]!["fyp"]!.GetValue<decimal>());
        Assert.Equal(0.3m, q3["pace"]!["fyp"]!.GetValue<decimal>());
        Assert.Equal(1m, q3["elapsedShare"]!.GetValue<decimal>());
        Assert.Equal(92, q3["elapsedShareByDay"]!.AsArray().Count);

        // The year 2026 is running: the agent's year target comes from the team; expected = target × elapsed share.
        var year = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=year&date=2026-08-10");
        Assert.Equal(100000m, year["targets"]!["fyp"]!.GetValue<decimal>());
        Assert.Equal(0.12m, year["attainment"]!["fyp"]!.GetValue<decimal>());
        var expected = year["expected"]!["fyp"]!.GetValue<decimal>();
        var share = year["elapsedShare"]!.GetValue<decimal>(); // rounded to 4 places on the wire
        Assert.InRange(expected, 100000m * (share - 0.0001m), 100000m * (share + 0.0001m));
        Assert.Equal(Math.Round(12000m / expected, 4), Math.Round(year["pace"]!["fyp"]!.GetValue<decimal>(), 4));
        Assert.Equal(365, year["elapsedShareByDay"]!.AsArray().Count);

        var stored = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/targets");
        Assert.Contains("\"quarter\"", stored.ToJsonString());
        Assert.Contains("\"year\"", stored.ToJsonString());
    }

    [Fact]
    public async Task A_quarter_leaderboard_topic_pushes_the_current_quarter()
    {
        var org = new OrgBuilder(LiveTimeZone.AwayFromMidnight());
        await host.PutOrgAsync(org.Org(1, (1, 1), (2, 1)));
        await using var connection = await host.ConnectHubAsync();
        var pushes = Channel.CreateUnbounded<JsonElement>();
        connection.On<JsonElement>("leaderboard", payload => pushes.Writer.TryWrite(payload));
        var topic = $"leaderboard:{org.Branch}:calls:quarter:agents";
        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", topic);
        Assert.Equal(topic, snapshot.GetProperty("topic").GetString());
        Assert.Equal("quarter", snapshot.GetProperty("period").GetProperty("kind").GetString());

        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(org.TimeZone));
        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Call(2, now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:sszzz")) } });
        Assert.Equal(200, status);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        JsonElement push;
        do push = await pushes.Reader.ReadAsync(timeout.Token);
        while (push.GetProperty("entries")[0].GetProperty("value").GetDecimal() != 1m);
        Assert.Equal(org.Agent(2), push.GetProperty("entries")[0].GetProperty("id").GetString());
        var quarterStart = new DateOnly(now.Year, (now.Month - 1) / 3 * 3 + 1, 1).ToString("yyyy-MM-dd");
        Assert.StartsWith(quarterStart, push.GetProperty("period").GetProperty("start").GetString());

        await Assert.ThrowsAnyAsync<Exception>(() => connection.InvokeAsync<JsonElement>("Subscribe", $"leaderboard:{org.Branch}:calls:decade:agents"));
    }

    [Fact]
    public async Task The_team_topic_carries_this_quarter_and_this_year_next_to_the_day_week_and_month()
    {
        var org = new OrgBuilder(LiveTimeZone.AwayFromMidnight());
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        await using var connection = await host.ConnectHubAsync();
        var pushes = Channel.CreateUnbounded<JsonElement>();
        connection.On<JsonElement>("team", payload => pushes.Writer.TryWrite(payload));
        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", $"team:{org.Team(1)}");
        Assert.Equal(["asOf", "day", "month", "quarter", "teamId", "topic", "version", "week", "year"], snapshot.EnumerateObject().Select(p => p.Name).Order());

        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(org.TimeZone));
        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Call(1, now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:sszzz")) } });
        Assert.Equal(200, status);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        JsonElement push;
        do push = await pushes.Reader.ReadAsync(timeout.Token);
        while (push.GetProperty("year").GetProperty("metrics").GetProperty("calls").GetDecimal() != 1m);

        // One call today counts in every one of the five periods, each with its own local bounds.
        foreach (var kind in new[] { "day", "week", "month", "quarter", "year" })
        {
            Assert.Equal(kind, push.GetProperty(kind).GetProperty("period").GetProperty("kind").GetString());
            Assert.Equal(1m, push.GetProperty(kind).GetProperty("metrics").GetProperty("calls").GetDecimal());
        }
        var quarterStart = new DateOnly(now.Year, (now.Month - 1) / 3 * 3 + 1, 1).ToString("yyyy-MM-dd");
        Assert.StartsWith(quarterStart, push.GetProperty("quarter").GetProperty("period").GetProperty("start").GetString());
        Assert.StartsWith($"{now.Year}-01-01T00:00:00", push.GetProperty("year").GetProperty("period").GetProperty("start").GetString());
        Assert.StartsWith($"{now.Year + 1}-01-01T00:00:00", push.GetProperty("year").GetProperty("period").GetProperty("end").GetString());
    }

    [Fact]
    public async Task An_unknown_period_names_all_five()
    {
        var response = await host.Http.GetAsync($"/api/v1/agents/nobody/stats?period=decade");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("day, week, month, quarter, year", problem["errors"]!["period"]![0]!.GetValue<string>());
    }

    private static (string, decimal)[] Entries(JsonNode board) =>
        board["entries"]!.AsArray().Select(e => (e!["id"]!.GetValue<string>(), e["value"]!.GetValue<decimal>())).ToArray();
}
