using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

/// <summary>
/// A display token sees a branch's boards only through the branch's display policy, over GET and over the hub
/// (snapshot, every push, celebrations): at most <c>top</c> entries, no bottom half, shaped names, and never the
/// name of an agent who opted out. An admin token sees the same board whole.
/// </summary>
public sealed class DisplayTokenTests : IAsyncLifetime
{
    private const string Branch = "DSP1";
    private const string Zone = "Asia/Shanghai";
    private static readonly string[] Names = ["欧阳娜娜", "王芳", "Emma Clarke", "李小龙", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "Private Person"];
    // Agent 10 ("Private Person") opted out of public screens and sells the most: rank 1.
    private const string PrivateAgent = "DSP1-A10";

    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _address = null!;
    private int _event;

    public async Task InitializeAsync()
    {
        (_app, _address) = await TrackingHostFixture.StartHostAsync(TestTokens.Setting);
        _http = new HttpClient { BaseAddress = _address };
        await Send(HttpMethod.Put, "/api/v1/org", TestTokens.Admin(), new
        {
            branches = new[] { new { id = Branch, name = "Display branch", timeZone = Zone } },
            teams = new[] { new { id = "DSP1-T1", branchId = Branch, name = "Team 1", supervisorIds = Array.Empty<string>() } },
            agents = Names.Select((name, i) => new
            {
                id = $"DSP1-A{i + 1}", teamId = "DSP1-T1", name, active = true, effectiveFrom = "2026-01-01T00:00:00+08:00",
                publicDisplay = i + 1 != 10,
            }).ToArray(),
        });
        // Every sale is cheered at once (no rate limit merging them), so the test sees each celebration.
        await Send(HttpMethod.Put, $"/api/v1/branches/{Branch}/celebration-rules", TestTokens.Admin(), new { burst = 50, intervalSeconds = 1 });
        // Premiums 1000, 2000, … 10000: agent i ranks 11 - i.
        await Post(Enumerable.Range(1, 10).Select(i => Policy(i, 1000m * i)).ToArray());
        await Send(HttpMethod.Put, $"/api/v1/branches/{Branch}/display-policy", TestTokens.Admin(), new { top = 8, names = "initial", showBottom = false });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Get_leaderboard_with_a_display_token_is_shaped_and_with_an_admin_token_is_complete()
    {
        var shown = await GetBoard(TestTokens.Display(Branch));
        // 10 ranked agents, showBottom false: ranks 1..5 only (under top 8); names as "initial"; the opted-out agent nameless.
        Assert.Equal(
            [(1, PrivateAgent, null), (2, "DSP1-A9", "赵*"), (3, "DSP1-A8", "杨*"), (4, "DSP1-A7", "陈*"), (5, "DSP1-A6", "刘*")],
            Entries(shown));

        var whole = await GetBoard(TestTokens.Admin());
        Assert.Equal(10, whole.GetProperty("entries").GetArrayLength());
        Assert.Equal((1, PrivateAgent, "Private Person"), Entries(whole)[0]);
        Assert.Equal((10, "DSP1-A1", "欧阳娜娜"), Entries(whole)[9]);
    }

    [Fact]
    public async Task Hub_snapshot_pushes_and_celebrations_for_a_display_token_are_shaped_and_the_admin_sees_them_whole()
    {
        var topic = $"leaderboard:{Branch}:fyp:day:agents";
        await using var display = await Connect(TestTokens.Display(Branch));
        await using var admin = await Connect(TestTokens.Admin());
        var displayBoards = Collect(display, "leaderboard");
        var adminBoards = Collect(admin, "leaderboard");
        var displayCheers = Collect(display, "celebration");
        var adminCheers = Collect(admin, "celebration");

        var snapshot = await display.InvokeAsync<JsonElement>("Subscribe", topic);
        Assert.Equal(5, snapshot.GetProperty("entries").GetArrayLength());
        Assert.Equal((1, PrivateAgent, null), Entries(snapshot)[0]);
        Assert.Equal(10, (await admin.InvokeAsync<JsonElement>("Subscribe", topic)).GetProperty("entries").GetArrayLength());
        await display.InvokeAsync<JsonElement>("Subscribe", $"branch:{Branch}");
        await admin.InvokeAsync<JsonElement>("Subscribe", $"branch:{Branch}");

        // 欧阳娜娜 (last, 1000) sells 8500 more: 9500, rank 2. The opted-out agent sells again: a celebration.
        await Post([Policy(1, 8500m), Policy(10, 20000m)]);
        var pushed = await Eventually.Until(() => Task.FromResult(displayBoards.LastOrDefault()), b => b.ValueKind == JsonValueKind.Object && Entries(b).Any(e => e.Id == "DSP1-A1"), TimeSpan.FromSeconds(3));
        Assert.Equal(
            [(1, PrivateAgent, null), (2, "DSP1-A1", "欧阳**"), (3, "DSP1-A9", "赵*"), (4, "DSP1-A8", "杨*"), (5, "DSP1-A7", "陈*")],
            Entries(pushed));
        var adminPushed = await Eventually.Until(() => Task.FromResult(adminBoards.LastOrDefault()), b => b.ValueKind == JsonValueKind.Object && Entries(b).Any(e => e.Name == "欧阳娜娜" && e.Rank == 2), TimeSpan.FromSeconds(3));
        Assert.Equal(10, adminPushed.GetProperty("entries").GetArrayLength());

        var adminCheer = await Eventually.Until(() => Task.FromResult(adminCheers.FirstOrDefault(c => c.GetProperty("agentId").GetString() == PrivateAgent)), c => c.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(3));
        Assert.Equal("Private Person", adminCheer.GetProperty("name").GetString());
        var displayCheer = await Eventually.Until(() => Task.FromResult(displayCheers.FirstOrDefault(c => c.GetProperty("agentId").GetString() == PrivateAgent)), c => c.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(3));
        Assert.Equal(JsonValueKind.Null, displayCheer.GetProperty("name").ValueKind);

        // Nothing the display received anywhere carries a name the policy does not allow.
        var everyName = displayBoards.SelectMany(Entries).Select(e => e.Name).Concat(displayCheers.Select(c => c.GetProperty("name").GetString()));
        Assert.DoesNotContain(everyName, n => n is "Private Person" or "欧阳娜娜" or "Emma Clarke" or "赵磊");
        Assert.All(displayBoards, b => Assert.True(b.GetProperty("entries").GetArrayLength() <= 5));
    }

    [Fact]
    public async Task A_changed_display_policy_binds_the_next_push_to_an_open_display()
    {
        var topic = $"leaderboard:{Branch}:fyp:day:agents";
        await using var display = await Connect(TestTokens.Display(Branch));
        var boards = Collect(display, "leaderboard");
        Assert.Equal(5, (await display.InvokeAsync<JsonElement>("Subscribe", topic)).GetProperty("entries").GetArrayLength());

        await Send(HttpMethod.Put, $"/api/v1/branches/{Branch}/display-policy", TestTokens.Admin(), new { top = 2, names = "masked" });
        await Task.Delay(DisplayPolicyRefresh);
        await Post([Policy(3, 1m)]);

        var pushed = await Eventually.Until(() => Task.FromResult(boards.LastOrDefault()), b => b.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(3));
        Assert.Equal([(1, PrivateAgent, null), (2, "DSP1-A9", null)], Entries(pushed));
    }

    /// <summary>Nodes re-read the policies of their display screens every second.</summary>
    private static readonly TimeSpan DisplayPolicyRefresh = TimeSpan.FromSeconds(1.5);

    private static ConcurrentQueue<JsonElement> Collect(HubConnection connection, string method)
    {
        var queue = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>(method, m => queue.Enqueue(m));
        return queue;
    }

    private async Task<HubConnection> Connect(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_address, "/hubs/tracking"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private async Task<JsonElement> GetBoard(string token)
    {
        var response = await Send(HttpMethod.Get, $"/api/v1/branches/{Branch}/leaderboard?metric=fyp&period=day&top=50", token);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<(int Rank, string? Id, string? Name)> Entries(JsonElement board) =>
        board.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("id").GetString(), e.GetProperty("name").GetString()))
            .ToList();

    private object Policy(int agent, decimal premium) => new
    {
        eventId = $"dsp-{Guid.NewGuid():N}-{++_event}",
        agentId = $"DSP1-A{agent}",
        type = "policy",
        occurredAt = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        policy = new { policyId = $"P-{_event}", premium },
    };

    private Task Post(object[] events) => Send(HttpMethod.Post, "/api/v1/events", TestTokens.Admin(), new { events });

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
