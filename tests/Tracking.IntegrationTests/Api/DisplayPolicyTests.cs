using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Domain;
using Tracking.Domain.Display;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// A branch's display policy (<c>PUT|GET /api/v1/branches/{id}/display-policy</c>) and an agent's
/// <c>publicDisplay</c>, over the real host; what only display screens act on never shows in JSON.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class DisplayPolicyTests(TrackingHostFixture host)
{
    /// <summary>Names of what the server keeps for shaping display screens' copies and never sends.</summary>
    private static readonly string[] NeverSent = ["nameHidden", "rankedCount"];

    private static string Now(string zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddSeconds(-30), TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz");

    /// <summary>Three agents in one team; agent 2 is not to be named on display screens, agent 3 says so explicitly.</summary>
    private async Task<OrgBuilder> OrgAsync()
    {
        var org = new OrgBuilder(LiveTimeZone.AwayFromMidnight());
        await host.PutOrgAsync(new
        {
            branches = new[] { new { id = org.Branch, name = "福田营业部", timeZone = org.TimeZone } },
            teams = new[] { new { id = org.Team(1), branchId = org.Branch, name = "一组" } },
            agents = new object[]
            {
                new { id = org.Agent(1), teamId = org.Team(1), name = "欧阳娜娜" },
                new { id = org.Agent(2), teamId = org.Team(1), name = "王芳", publicDisplay = false },
                new { id = org.Agent(3), teamId = org.Team(1), name = "Emma Clarke", publicDisplay = true },
            },
        });
        return org;
    }

    private async Task<(int Status, string? MediaType, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await host.Http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static (string? BranchId, int Top, string? Names, bool ShowBottom) Policy(JsonElement body) =>
        (body.GetProperty("branchId").GetString(), body.GetProperty("top").GetInt32(), body.GetProperty("names").GetString(), body.GetProperty("showBottom").GetBoolean());

    private static void AssertNothingHidden(string json)
    {
        foreach (var name in NeverSent) Assert.DoesNotContain(name, json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_branch_display_policy_is_stored_and_read_back_with_defaults_for_what_is_left_out()
    {
        var org = await OrgAsync();
        var path = $"/api/v1/branches/{org.Branch}/display-policy";

        var defaults = await SendAsync(HttpMethod.Get, path);
        Assert.Equal(200, defaults.Status);
        Assert.Equal((org.Branch, 50, "full", true), Policy(defaults.Body));

        var set = await SendAsync(HttpMethod.Put, path, new { top = 10, names = "initial", showBottom = false });
        Assert.Equal(200, set.Status);
        Assert.Equal((org.Branch, 10, "initial", false), Policy(set.Body));
        Assert.Equal((org.Branch, 10, "initial", false), Policy((await SendAsync(HttpMethod.Get, path)).Body));

        // Every PUT states the whole policy: what it leaves out takes its default again.
        var partial = await SendAsync(HttpMethod.Put, path, new { names = "masked" });
        Assert.Equal((org.Branch, 50, "masked", true), Policy(partial.Body));
        Assert.Equal((org.Branch, 50, "masked", true), Policy((await SendAsync(HttpMethod.Get, path)).Body));

        var empty = await SendAsync(HttpMethod.Put, path, new { });
        Assert.Equal((org.Branch, 50, "full", true), Policy(empty.Body));
        Assert.Equal((org.Branch, 500, "full", true), Policy((await SendAsync(HttpMethod.Put, path, new { top = 500 })).Body));
        Assert.Equal((org.Branch, 1, "full", true), Policy((await SendAsync(HttpMethod.Put, path, new { top = 1 })).Body));
    }

    [Theory]
    [InlineData("""{"top": 0}""", "top")]
    [InlineData("""{"top": 501}""", "top")]
    [InlineData("""{"top": 10.5}""", "top")]
    [InlineData("""{"top": "10"}""", "top")]
    [InlineData("""{"names": "bold"}""", "names")]
    [InlineData("""{"names": "Full"}""", "names")]
    [InlineData("""{"names": 1}""", "names")]
    [InlineData("""{"showBottom": "false"}""", "showBottom")]
    [InlineData("""{"showBottom": 0}""", "showBottom")]
    [InlineData("""[]""", "$")]
    public async Task A_bad_display_policy_is_a_400_problem_naming_the_field_and_changes_nothing(string body, string field)
    {
        var org = await OrgAsync();
        var path = $"/api/v1/branches/{org.Branch}/display-policy";
        Assert.Equal(200, (await SendAsync(HttpMethod.Put, path, new { top = 7 })).Status);

        using var response = await host.Http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((400, "application/problem+json"), ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(7, (await SendAsync(HttpMethod.Get, path)).Body.GetProperty("top").GetInt32());
    }

    [Fact]
    public async Task All_bad_fields_are_named_at_once()
    {
        var org = await OrgAsync();
        var bad = await SendAsync(HttpMethod.Put, $"/api/v1/branches/{org.Branch}/display-policy", new { top = 0, names = "bold", showBottom = "no" });
        Assert.Equal(400, bad.Status);
        Assert.Equal(["names", "showBottom", "top"], bad.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("full, initial, masked", bad.Body.GetProperty("errors").GetProperty("names")[0].GetString());
        Assert.Equal("must be a whole number from 1 to 500.", bad.Body.GetProperty("errors").GetProperty("top")[0].GetString());
    }

    [Fact]
    public async Task The_display_policy_of_an_unknown_branch_is_a_404_problem()
    {
        var get = await SendAsync(HttpMethod.Get, "/api/v1/branches/no-such-branch/display-policy");
        Assert.Equal((404, "application/problem+json"), (get.Status, get.MediaType));
        var put = await SendAsync(HttpMethod.Put, "/api/v1/branches/no-such-branch/display-policy", new { top = 10 });
        Assert.Equal((404, "application/problem+json"), (put.Status, put.MediaType));
    }

    [Fact]
    public async Task PublicDisplay_is_stored_with_the_agent_default_true_and_a_non_boolean_is_a_400()
    {
        var org = await OrgAsync();

        Assert.True((await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}"))["publicDisplay"]!.GetValue<bool>());
        Assert.False((await host.GetJsonAsync($"/api/v1/agents/{org.Agent(2)}"))["publicDisplay"]!.GetValue<bool>());
        Assert.True((await host.GetJsonAsync($"/api/v1/agents/{org.Agent(3)}"))["publicDisplay"]!.GetValue<bool>());
        AssertNothingHidden((await host.GetJsonAsync($"/api/v1/agents/{org.Agent(2)}")).ToJsonString());

        // Changed like any other field of the agent.
        await host.PutOrgAsync(new { agents = new[] { new { id = org.Agent(1), teamId = org.Team(1), name = "欧阳娜娜", publicDisplay = false } } });
        Assert.False((await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}"))["publicDisplay"]!.GetValue<bool>());

        var bad = await SendAsync(HttpMethod.Put, "/api/v1/org", new { agents = new[] { new { id = org.Agent(3), teamId = org.Team(1), name = "Emma Clarke", publicDisplay = "no" } } });
        Assert.Equal(400, bad.Status);
        Assert.Equal(["agents[0].publicDisplay"], bad.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.True((await host.GetJsonAsync($"/api/v1/agents/{org.Agent(3)}"))["publicDisplay"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Admins_see_every_name_and_no_hidden_flag_or_count_reaches_the_json_of_boards_scoreboards_or_pushes()
    {
        var org = await OrgAsync();
        await SendAsync(HttpMethod.Put, $"/api/v1/branches/{org.Branch}/display-policy", new { top = 1, names = "masked", showBottom = false });

        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/tracking"), o => o.Transports = HttpTransportType.WebSockets).Build();
        var pushes = new ConcurrentQueue<(string Message, string Json)>();
        screen.On<JsonElement>("leaderboard", p => pushes.Enqueue(("leaderboard", p.GetRawText())));
        screen.On<JsonElement>("celebration", p => pushes.Enqueue(("celebration", p.GetRawText())));
        await screen.StartAsync();
        var snapshot = await screen.InvokeAsync<JsonElement>("Subscribe", $"leaderboard:{org.Branch}:fyp:day:agents");
        await screen.InvokeAsync<JsonElement>("Subscribe", $"branch:{org.Branch}");
        AssertNothingHidden(snapshot.GetRawText());

        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Policy(2, Now(org.TimeZone), "P1", 15000m) } });
        Assert.Equal(200, status);

        var celebration = await Eventually.Until(() => Task.FromResult(pushes.FirstOrDefault(p => p.Message == "celebration").Json), j => j is not null, TimeSpan.FromSeconds(3));
        var board = await Eventually.Until(() => Task.FromResult(pushes.LastOrDefault(p => p.Message == "leaderboard").Json), j => j?.Contains("15000") == true, TimeSpan.FromSeconds(3));
        foreach (var (_, json) in pushes) AssertNothingHidden(json);
        // Without a display token the policy does not apply: the private agent is named, every agent is listed.
        Assert.Equal("王芳", JsonDocument.Parse(celebration!).RootElement.GetProperty("name").GetString());
        var entries = JsonDocument.Parse(board!).RootElement.GetProperty("entries");
        Assert.Equal(3, entries.GetArrayLength());
        Assert.Equal((org.Agent(2), "王芳"), (entries[0].GetProperty("id").GetString(), entries[0].GetProperty("name").GetString()));

        var leaderboard = await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=fyp&period=day&scope=agents");
        AssertNothingHidden(leaderboard.ToJsonString());
        Assert.Equal("王芳", leaderboard["entries"]![0]!["name"]!.GetValue<string>());
        AssertNothingHidden((await host.GetJsonAsync($"/api/v1/branches/{org.Branch}/leaderboard?metric=fyp&period=day&scope=teams")).ToJsonString());

        var campaign = await SendAsync(HttpMethod.Put, $"/api/v1/campaigns/{org.Prefix}-C", new
        {
            name = "冲刺", metric = "fyp", unit = "agent",
            startsAt = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ"), endsAt = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            participants = new { branchIds = new[] { org.Branch } },
        });
        Assert.True(campaign.Status is 200 or 201, $"PUT campaign: {campaign.Status} {campaign.Body}");
        var scoreboard = await host.GetJsonAsync($"/api/v1/campaigns/{org.Prefix}-C/scoreboard");
        AssertNothingHidden(scoreboard.ToJsonString());
        Assert.Contains("王芳", scoreboard["entries"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_agents_opt_out_reaches_its_branch_boards_and_the_campaigns_it_is_listed_on_at_once()
    {
        var org = await OrgAsync();
        var grains = host.App.Services.GetRequiredService<IGrainFactory>();
        var campaignId = $"{org.Prefix}-C";
        var campaign = await SendAsync(HttpMethod.Put, $"/api/v1/campaigns/{campaignId}", new
        {
            name = "冲刺", metric = "fyp", unit = "agent",
            startsAt = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ"), endsAt = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            participants = new { branchIds = new[] { org.Branch } },
        });
        Assert.True(campaign.Status is 200 or 201, $"PUT campaign: {campaign.Status} {campaign.Body}");

        async Task<(bool Board, bool Scoreboard)> HiddenAsync(string agentId)
        {
            var board = await grains.GetGrain<IBranchGrain>(org.Branch).GetLeaderboard(Metric.Fyp, PeriodKind.Day, LeaderboardScope.Agents, 50, null);
            var scoreboard = await grains.GetGrain<ICampaignGrain>(campaignId).GetScoreboard();
            return (board!.Entries.Single(e => e.Id == agentId).NameHidden, scoreboard!.Entries.Single(e => e.Id == agentId).NameHidden);
        }

        Assert.Equal((true, true), await HiddenAsync(org.Agent(2)));
        Assert.Equal((false, false), await HiddenAsync(org.Agent(1)));
        var board = await grains.GetGrain<IBranchGrain>(org.Branch).GetLeaderboard(Metric.Fyp, PeriodKind.Day, LeaderboardScope.Agents, 2, null);
        Assert.Equal(3, board!.RankedCount);

        // Agent 1 opts out, agent 2 opts back in: both the branch and the campaign follow at once.
        await host.PutOrgAsync(new
        {
            agents = new object[]
            {
                new { id = org.Agent(1), teamId = org.Team(1), name = "欧阳娜娜", publicDisplay = false },
                new { id = org.Agent(2), teamId = org.Team(1), name = "王芳" },
            },
        });
        await Eventually.Until(() => HiddenAsync(org.Agent(1)), h => h == (true, true), TimeSpan.FromSeconds(3));
        Assert.Equal((false, false), await HiddenAsync(org.Agent(2)));

        var scoreboard = await grains.GetGrain<ICampaignGrain>(campaignId).GetScoreboard();
        var shown = Assert.IsType<CampaignScoreboardView>(DisplayViews.ShapeForDisplay(scoreboard!, new DisplayPolicy(Names: NameDisplay.Initial)));
        Assert.Null(shown.Entries.Single(e => e.Id == org.Agent(1)).Name);
        Assert.Equal("王*", shown.Entries.Single(e => e.Id == org.Agent(2)).Name);
        Assert.Equal("Emma C.", shown.Entries.Single(e => e.Id == org.Agent(3)).Name);
    }
}
