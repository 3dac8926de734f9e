using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tracking.Abstractions;
using Tracking.Api.Hosting;
using Tracking.IntegrationTests.Api;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Campaigns;

/// <summary>A campaign end to end: the real host on a fake product clock, a real SignalR client watching <c>campaign:{id}</c>.</summary>
public sealed class CampaignEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Monday 16 November 2026, 09:00 in Shanghai.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 16, 9, 0, 0, Shanghai));
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _app = TrackingApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Logging:LogLevel:Default=Warning"],
            builder => builder.Services.AddKeyedSingleton<TimeProvider>(TrackingTime.ServiceKey, _time));
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _http = new HttpClient { BaseAddress = _base };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string At(int hour, int minute, int second = 0) =>
        new DateTimeOffset(2026, 11, 16, hour, minute, second, Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz");

    private void SetClock(int hour, int minute, int second = 0) => _time.SetUtcNow(new DateTimeOffset(2026, 11, 16, hour, minute, second, Shanghai));

    private async Task PostAsync(params object[] events)
    {
        var response = await _http.PostAsJsonAsync("/api/v1/events", new { events });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static object Campaign(OrgBuilder org, string startsAt, string endsAt, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "一小时冲刺", ["metric"] = "fyp", ["unit"] = "agent", ["startsAt"] = startsAt, ["endsAt"] = endsAt,
            ["participants"] = new { branchIds = new[] { org.Branch }, teamIds = Array.Empty<string>(), agentIds = Array.Empty<string>() },
            ["target"] = 10000, ["graceMinutes"] = 10,
        };
        if (extra is not null) foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject()) body[p.Name] = p.Value;
        return body;
    }

    private static (string Id, int Rank, decimal Value)[] Entries(JsonElement board) =>
        board.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("rank").GetInt32(), e.GetProperty("value").GetDecimal())).ToArray();

    [Fact]
    public async Task A_screen_watching_the_campaign_sees_the_scoreboard_move_then_freeze_and_the_winner_cheered()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        Assert.Equal(200, (int)(await _http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1), (2, 1), (3, 1)))).StatusCode);
        var id = "sprint-" + org.Prefix;
        var created = await _http.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(org, At(9, 30), At(10, 0)));
        Assert.Equal(201, (int)created.StatusCode);

        await using var screen = new HubConnectionBuilder().WithUrl(new Uri(_base, "/hubs/tracking")).Build();
        var pushes = new ConcurrentQueue<JsonElement>();
        var cheers = new ConcurrentQueue<JsonElement>();
        screen.On<JsonElement>("campaign", p => pushes.Enqueue(p));
        screen.On<JsonElement>("celebration", c => cheers.Enqueue(c));
        await screen.StartAsync();
        var snapshot = await screen.InvokeAsync<JsonElement>("Subscribe", $"campaign:{id}");
        await screen.InvokeAsync<JsonElement>("Subscribe", $"branch:{org.Branch}");

        Assert.Equal($"campaign:{id}", snapshot.GetProperty("topic").GetString());
        Assert.Equal(("scheduled", false, 1800L), (snapshot.GetProperty("status").GetString(), snapshot.GetProperty("frozen").GetBoolean(), snapshot.GetProperty("startsIn").GetInt64()));
        Assert.Equal([(org.Agent(1), 1, 0m), (org.Agent(2), 1, 0m), (org.Agent(3), 1, 0m)], Entries(snapshot));

        async Task<JsonElement> Push(Func<JsonElement, bool> condition)
        {
            var push = await Eventually.Until(() => Task.FromResult(pushes.LastOrDefault()), p => p.ValueKind == JsonValueKind.Object && condition(p), TimeSpan.FromSeconds(4));
            Assert.True(push.ValueKind == JsonValueKind.Object && condition(push), $"no such push; the last was {push}");
            return push;
        }

        // 09:30: the campaign starts by the clock alone.
        SetClock(9, 30);
        var running = await Push(p => p.GetProperty("status").GetString() == "running");
        Assert.Equal(1800L, running.GetProperty("endsIn").GetInt64());

        // 09:40 agent 1 sells 5,000; 09:50 agent 2 sells 8,000 and leads.
        SetClock(9, 40);
        await PostAsync(org.Policy(1, At(9, 40), "P1", 5000m));
        var first = await Push(p => Entries(p).Sum(e => e.Value) == 5000m);
        Assert.Equal((org.Agent(1), 1, 5000m), Entries(first)[0]);
        Assert.Equal(0.5m, first.GetProperty("entries")[0].GetProperty("progress").GetDecimal());
        SetClock(9, 50);
        await PostAsync(org.Policy(2, At(9, 50), "P2", 8000m));
        var second = await Push(p => Entries(p).Sum(e => e.Value) == 13000m);
        Assert.Equal([(org.Agent(2), 1, 8000m), (org.Agent(1), 2, 5000m), (org.Agent(3), 3, 0m)], Entries(second));

        // 10:00 it ends; 10:05, in the grace, agent 1's sale of 09:59:59 arrives late and counts: 5,000 + 4,000 = 9,000.
        SetClock(10, 0);
        await Push(p => p.GetProperty("status").GetString() == "finished");
        SetClock(10, 5);
        await PostAsync(org.Policy(1, At(9, 59, 59), "P3", 4000m));
        var late = await Push(p => Entries(p).Sum(e => e.Value) == 17000m);
        Assert.Equal([(org.Agent(1), 1, 9000m), (org.Agent(2), 2, 8000m), (org.Agent(3), 3, 0m)], Entries(late));
        Assert.False(late.GetProperty("frozen").GetBoolean());

        // 10:10 the grace is over: final standings, and the winner is cheered on the branch's screens.
        SetClock(10, 10);
        var frozen = await Push(p => p.GetProperty("frozen").GetBoolean());
        Assert.Equal(Entries(late), Entries(frozen));
        var won = await Eventually.Until(() => Task.FromResult(cheers.FirstOrDefault(c => c.GetProperty("kind").GetString() == "campaignWon")),
            c => c.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(3));
        Assert.Equal((org.Agent(1), "Agent 1", 9000m, id, "一小时冲刺", "agent"),
            (won.GetProperty("agentId").GetString(), won.GetProperty("name").GetString(), won.GetProperty("value").GetDecimal(),
             won.GetProperty("campaignId").GetString(), won.GetProperty("campaignName").GetString(), won.GetProperty("unit").GetString()));

        // 10:12: a sale of 09:59 and a cancellation of a counted sale are stored, but the frozen scoreboard does not move.
        var pushesBefore = pushes.Count;
        SetClock(10, 12);
        await PostAsync(org.Policy(2, At(9, 59), "P4", 9000m), org.Cancellation(1, At(10, 12), "P1"));
        await Task.Delay(1500);
        Assert.Equal(pushesBefore, pushes.Count);
        var final = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/scoreboard");
        Assert.Equal(Entries(frozen), Entries(final));
        Assert.Equal(("finished", true), (final.GetProperty("status").GetString(), final.GetProperty("frozen").GetBoolean()));
        var stats = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{org.Agent(2)}/stats?period=day");
        Assert.Equal(17000m, stats.GetProperty("metrics").GetProperty("fyp").GetDecimal()); // the agent's own day still counts both sales

        var versions = pushes.Select(p => p.GetProperty("version").GetInt64()).Prepend(snapshot.GetProperty("version").GetInt64()).ToArray();
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    [Fact]
    public async Task Campaign_requests_answer_with_the_contracts_shapes_and_problems()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await _http.PutAsJsonAsync("/api/v1/org", org.Org(2, (1, 1), (2, 2)));
        var id = "c-" + org.Prefix;

        async Task<(int Status, JsonElement Body, string? Type)> Put(object body)
        {
            var response = await _http.PutAsJsonAsync($"/api/v1/campaigns/{id}", body);
            return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(), response.Content.Headers.ContentType?.MediaType);
        }

        // 400: what the request alone shows to be wrong.
        var invalid = await Put(Campaign(org, At(11, 0), At(10, 0), new { metric = "sales", scoring = "percentOfTarget", target = (int?)null, graceMinutes = 2000 }));
        Assert.Equal((400, "application/problem+json"), (invalid.Status, invalid.Type));
        Assert.Equal(["graceMinutes", "metric"], invalid.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        // The renewal-due figures are not events: no campaign races on them.
        var renewalDue = await Put(Campaign(org, At(11, 0), At(12, 0), new { metric = "renewalDueCollected" }));
        Assert.Equal(400, renewalDue.Status);
        var listed = renewalDue.Body.GetProperty("errors").GetProperty("metric")[0].GetString()!;
        Assert.Contains("renewalCollected", listed);
        Assert.DoesNotContain("renewalDue", listed[listed.IndexOf('(')..]);
        var crossField = await Put(Campaign(org, At(11, 0), At(10, 0), new { scoring = "percentOfTarget", target = (int?)null }));
        Assert.Equal(["endsAt", "target"], crossField.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var yearAndDay = new DateTimeOffset(2025, 11, 14, 9, 0, 0, Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz"); // 367 days before the clock
        var past = await Put(Campaign(org, yearAndDay, At(10, 0).Replace("2026-11-16", "2025-11-15")));
        Assert.Equal((400, true), (past.Status, past.Body.GetProperty("errors").TryGetProperty("startsAt", out _)));
        Assert.Equal(400, (await Put(Campaign(org, At(9, 30), At(10, 0), new { participants = new { branchIds = Array.Empty<string>() } }))).Status);
        Assert.Equal(400, (int)(await _http.PutAsJsonAsync("/api/v1/campaigns/bad%20id", Campaign(org, At(9, 30), At(10, 0)))).StatusCode);

        // 422: participants or targets that do not exist.
        var unknown = await Put(Campaign(org, At(9, 30), At(10, 0), new { participants = new { teamIds = new[] { "no-such-team" } } }));
        Assert.Equal((422, "application/problem+json"), (unknown.Status, unknown.Type));
        Assert.True(unknown.Body.GetProperty("errors").TryGetProperty("participants.teamIds", out _));
        var stranger = await Put(Campaign(org, At(9, 30), At(10, 0), new { targets = new Dictionary<string, decimal> { ["nobody"] = 5 } }));
        Assert.Equal(422, stranger.Status);

        // 201 on creation, 200 for a change while scheduled; GET shows the definition and status.
        var created = await Put(Campaign(org, At(9, 30), At(10, 0), new { unit = "team", scoring = "percentOfTarget", targets = new Dictionary<string, decimal> { [org.Team(1)] = 50000 } }));
        Assert.Equal(201, created.Status);
        Assert.Equal(["campaignId", "endsAt", "freezesAt", "frozen", "graceMinutes", "metric", "name", "participants", "scoring", "startsAt", "status", "target", "targets", "unit"],
            created.Body.EnumerateObject().Select(p => p.Name).Order());
        var changed = await Put(Campaign(org, At(9, 30), At(10, 30), new { unit = "team" }));
        Assert.Equal(200, changed.Status);
        var campaign = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
        Assert.Equal(("team", "absolute", "scheduled", "2026-11-16T10:40:00+08:00"),
            (campaign.GetProperty("unit").GetString(), campaign.GetProperty("scoring").GetString(), campaign.GetProperty("status").GetString(), campaign.GetProperty("freezesAt").GetString()));
        var board = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/scoreboard");
        Assert.Equal(["asOf", "campaignId", "endsAt", "endsIn", "entries", "freezesAt", "frozen", "metric", "name", "scoring", "startsAt", "startsIn", "status", "target", "unit", "version"],
            board.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["id", "name", "progress", "rank", "target", "value"], board.GetProperty("entries")[0].EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal([org.Team(1), org.Team(2)], board.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetString()).Order());

        // 409 once it runs: the rules are locked.
        SetClock(9, 30);
        var locked = await Put(Campaign(org, At(9, 30), At(11, 0)));
        Assert.Equal((409, "application/problem+json"), (locked.Status, locked.Type));
        Assert.Contains("locked", locked.Body.GetProperty("detail").GetString());
        Assert.Equal(409, locked.Body.GetProperty("status").GetInt32());

        // 404 for a campaign never saved, over HTTP and on the hub.
        var missing = await _http.GetAsync("/api/v1/campaigns/never-saved/scoreboard");
        Assert.Equal((404, "application/problem+json"), ((int)missing.StatusCode, missing.Content.Headers.ContentType?.MediaType));
        await using var screen = new HubConnectionBuilder().WithUrl(new Uri(_base, "/hubs/tracking")).Build();
        await screen.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => screen.InvokeAsync<JsonElement>("Subscribe", "campaign:never-saved"));
    }

    [Fact]
    public async Task Celebration_rules_are_set_per_branch_with_defaults_for_what_is_left_out()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await _http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1)));
        var path = $"/api/v1/branches/{org.Branch}/celebration-rules";

        var defaults = await _http.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal((0m, true, true, 3, 5), (defaults.GetProperty("policyMinPremium").GetDecimal(), defaults.GetProperty("targetReached").GetBoolean(),
            defaults.GetProperty("rankUp").GetBoolean(), defaults.GetProperty("burst").GetInt32(), defaults.GetProperty("intervalSeconds").GetInt32()));

        var set = await _http.PutAsJsonAsync(path, new { policyMinPremium = 10000, rankUp = false, burst = 2 });
        Assert.Equal(200, (int)set.StatusCode);
        var stored = await _http.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal((org.Branch, 10000m, true, false, 2, 5), (stored.GetProperty("branchId").GetString(), stored.GetProperty("policyMinPremium").GetDecimal(),
            stored.GetProperty("targetReached").GetBoolean(), stored.GetProperty("rankUp").GetBoolean(), stored.GetProperty("burst").GetInt32(), stored.GetProperty("intervalSeconds").GetInt32()));

        var bad = await _http.PutAsJsonAsync(path, new { burst = 0, policyMinPremium = "10000" });
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal(["burst", "policyMinPremium"], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(404, (int)(await _http.PutAsJsonAsync("/api/v1/branches/no-such-branch/celebration-rules", new { burst = 3 })).StatusCode);
    }
}
