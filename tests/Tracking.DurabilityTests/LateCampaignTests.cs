using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracking.DurabilityTests.Infrastructure;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Campaigns set up late on PostgreSQL: the standings come from the event log in the database, a campaign set up
/// mid-window keeps counting live, and both survive a kill -9. On the real clock: the events occurred hours ago.
/// </summary>
public sealed class LateCampaignTests(ITestOutputHelper output) : DatabaseServerTest(output, "latecampaign")
{
    private static object Sale(string id, string agentId, DateTimeOffset at, decimal premium) =>
        new { eventId = id, agentId, type = "policy", occurredAt = CampaignBoards.Iso(at), policy = new { policyId = "P-" + id, premium } };

    [Fact]
    public Task Late_campaigns_count_the_logged_events_keep_counting_live_and_survive_a_kill() => WithServerLogsOnFailureAsync(async () =>
    {
        var server = Server("node", Database.ConnectionString);
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        await client.PutOrgAsync(new
        {
            branches = new[] { new { id = "SZ01", name = "福田营业部", timeZone = "Asia/Shanghai" } },
            teams = new[] { new { id = "SZ01-T1", branchId = "SZ01", name = "一组" } },
            agents = new[]
            {
                new { id = "A1", teamId = "SZ01-T1", name = "王芳", effectiveFrom = "2026-01-01T00:00:00+08:00" },
                new { id = "A2", teamId = "SZ01-T1", name = "李强", effectiveFrom = "2026-01-01T00:00:00+08:00" },
            },
        });
        var now = DateTimeOffset.UtcNow;
        // A1: 5,000 two hours ago, 2,000 ninety minutes ago (cancelled an hour ago); A2: 3,000 four hours ago (before both windows).
        var posted = await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            events = new object[]
            {
                Sale("e1", "A1", now.AddHours(-2), 5000m), Sale("e2", "A1", now.AddMinutes(-90), 2000m), Sale("e3", "A2", now.AddHours(-4), 3000m),
                new { eventId = "e4", agentId = "A1", type = "cancellation", occurredAt = CampaignBoards.Iso(now.AddHours(-1)), cancellation = new { policyId = "P-e2" } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        async Task<JsonElement> PutAsync(string id, DateTimeOffset startsAt, DateTimeOffset endsAt)
        {
            var put = await client.Http.PutAsJsonAsync($"/api/v1/campaigns/{id}", new
            {
                name = "补录冲刺", metric = "fyp", unit = "agent", startsAt = CampaignBoards.Iso(startsAt), endsAt = CampaignBoards.Iso(endsAt), graceMinutes = 0,
                participants = new { branchIds = new[] { "SZ01" } },
            });
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            return await put.Content.ReadFromJsonAsync<JsonElement>();
        }

        var over = await PutAsync("over", now.AddHours(-3), now.AddMinutes(-30));
        Assert.Equal(("finished", true), (over.GetProperty("status").GetString(), over.GetProperty("frozen").GetBoolean()));
        var running = await PutAsync("running", now.AddHours(-3), now.AddHours(1));
        Assert.Equal(("running", false), (running.GetProperty("status").GetString(), running.GetProperty("frozen").GetBoolean()));
        Assert.Equal("A1=5000, A2=0", CampaignBoards.Values((await client.GetJsonAsync("/api/v1/campaigns/over/scoreboard"))!.Value));
        Assert.Equal("A1=5000, A2=0", CampaignBoards.Values((await client.GetJsonAsync("/api/v1/campaigns/running/scoreboard"))!.Value));

        // Live from here: A2 sells 9,000 now; only the running campaign takes it in.
        await client.Http.PostAsJsonAsync("/api/v1/events", new { events = new object[] { Sale("e5", "A2", DateTimeOffset.UtcNow, 9000m) } });
        await CampaignBoards.WhenAsync(client, "running", b => CampaignBoards.Values(b) == "A2=9000, A1=5000", TimeSpan.FromSeconds(5));

        server.Kill();
        await server.StartAsync();
        await CampaignBoards.WhenAsync(client, "running", b => CampaignBoards.Values(b) == "A2=9000, A1=5000", TimeSpan.FromSeconds(20));
        Assert.Equal("A1=5000, A2=0", CampaignBoards.Values((await client.GetJsonAsync("/api/v1/campaigns/over/scoreboard"))!.Value));
    });

    /// <summary>
    /// The backfill figure on PostgreSQL (printed, not timed: the embedded test holds the 5 s bound): a campaign set up
    /// over 1,000 agents with 100 sales each already in its window reads every agent's log from the database.
    /// </summary>
    [Fact]
    public Task A_late_campaign_over_1000_agents_with_100_logged_sales_each_counts_them_all() => WithServerLogsOnFailureAsync(async () =>
    {
        const int agents = 1000, salesEach = 100;
        var server = Server("node", Database.ConnectionString);
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        var ids = Enumerable.Range(1, agents).Select(n => $"A{n}").ToArray();
        await client.PutOrgAsync(new
        {
            branches = new[] { new { id = "SZ01", name = "福田营业部", timeZone = "Asia/Shanghai" } },
            teams = new[] { new { id = "SZ01-T1", branchId = "SZ01", name = "一组" } },
            agents = ids.Select(id => new { id, teamId = "SZ01-T1", name = id, effectiveFrom = "2026-01-01T00:00:00+08:00" }).ToArray(),
        });
        var now = DateTimeOffset.UtcNow;
        var ingest = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in ids.Chunk(10))
        {
            var events = chunk.SelectMany(id => Enumerable.Range(0, salesEach).Select(i => Sale($"{id}-{i}", id, now.AddMinutes(-110 + i), 100m))).ToArray();
            var posted = await client.Http.PostAsJsonAsync("/api/v1/events", new { events });
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        ingest.Stop();

        var backfill = System.Diagnostics.Stopwatch.StartNew();
        var put = await client.Http.PutAsJsonAsync("/api/v1/campaigns/big", new
        {
            name = "大冲刺", metric = "fyp", unit = "agent", startsAt = CampaignBoards.Iso(now.AddHours(-2)), endsAt = CampaignBoards.Iso(now.AddHours(2)),
            participants = new { branchIds = new[] { "SZ01" } },
        });
        backfill.Stop();
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Output.WriteLine($"PostgreSQL: {agents * salesEach} sales recorded in {ingest.ElapsedMilliseconds} ms; " +
            $"a late campaign over {agents} agents x {salesEach} sales set up (backfilled) in {backfill.ElapsedMilliseconds} ms");
        var board = (await client.GetJsonAsync("/api/v1/campaigns/big/scoreboard"))!.Value;
        Assert.Equal("running", board.GetProperty("status").GetString());
        var entries = board.GetProperty("entries").EnumerateArray().ToArray();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(salesEach * 100m, e.GetProperty("value").GetDecimal()));
    });
}
