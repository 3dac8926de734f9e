using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracking.DurabilityTests.Infrastructure;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Issue 7 on PostgreSQL: a running campaign's standings survive a kill -9 (its own state, or the agents'
/// tallies rebuilt from the event log), and once frozen its final standings survive another one. On the
/// real clock, so the window is a few dozen seconds long.
/// </summary>
public sealed class CampaignRestartTests(ITestOutputHelper output) : DatabaseServerTest(output, "campaign")
{
    [Fact]
    public Task Standings_survive_a_kill_while_running_and_the_frozen_ones_another_kill() => WithServerLogsOnFailureAsync(async () =>
    {
        var server = Server("node", Database.ConnectionString);
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        await client.PutOrgAsync(new
        {
            branches = new[] { new { id = "SZ01", name = "福田营业部", timeZone = "Asia/Shanghai" } },
            teams = new[] { new { id = "SZ01-T1", branchId = "SZ01", name = "一组" } },
            agents = new[] { new { id = "A1", teamId = "SZ01-T1", name = "王芳" }, new { id = "A2", teamId = "SZ01-T1", name = "李强" } },
        });
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var endsAt = startsAt.AddSeconds(45);
        var put = await client.Http.PutAsJsonAsync("/api/v1/campaigns/sprint", new
        {
            name = "冲刺", metric = "fyp", unit = "agent", startsAt = CampaignBoards.Iso(startsAt), endsAt = CampaignBoards.Iso(endsAt), graceMinutes = 0,
            participants = new { branchIds = new[] { "SZ01" } },
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        await Task.Delay(startsAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        var events = await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            events = new object[]
            {
                new { eventId = "e1", agentId = "A1", type = "policy", occurredAt = CampaignBoards.Iso(DateTimeOffset.UtcNow), policy = new { policyId = "P1", premium = 5000 } },
                new { eventId = "e2", agentId = "A2", type = "policy", occurredAt = CampaignBoards.Iso(DateTimeOffset.UtcNow), policy = new { policyId = "P2", premium = 3000 } },
                new { eventId = "e3", agentId = "A1", type = "policy", occurredAt = CampaignBoards.Iso(DateTimeOffset.UtcNow), policy = new { policyId = "P3", premium = 2000 } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        // A1 = 5,000 + 2,000 = 7,000; A2 = 3,000.
        await CampaignBoards.WhenAsync(client, "sprint", b => CampaignBoards.Values(b) == "A1=7000, A2=3000", TimeSpan.FromSeconds(5));

        // Killed at once: the campaign may not have written its tallies yet; the agents' logs hold them anyway.
        server.Kill();
        await server.StartAsync();
        var rebuilt = await CampaignBoards.WhenAsync(client, "sprint", b => CampaignBoards.Values(b) == "A1=7000, A2=3000", TimeSpan.FromSeconds(20));
        Assert.Equal("running", rebuilt.GetProperty("status").GetString());

        // A2 sells 6,000 more: 9,000 leads 7,000; A1 cancels P3 (5,000). Then the window ends (no grace) and the standings freeze.
        Assert.True(endsAt - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(5), "the restart took too long for the window");
        await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            events = new object[]
            {
                new { eventId = "e4", agentId = "A2", type = "policy", occurredAt = CampaignBoards.Iso(DateTimeOffset.UtcNow), policy = new { policyId = "P4", premium = 6000 } },
                new { eventId = "e5", agentId = "A1", type = "cancellation", occurredAt = CampaignBoards.Iso(DateTimeOffset.UtcNow), cancellation = new { policyId = "P3" } },
            },
        });
        await CampaignBoards.WhenAsync(client, "sprint", b => CampaignBoards.Values(b) == "A2=9000, A1=5000", TimeSpan.FromSeconds(5));
        var frozen = await CampaignBoards.WhenAsync(client, "sprint", b => b.GetProperty("frozen").GetBoolean(), endsAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10));
        Assert.Equal("A2=9000, A1=5000", CampaignBoards.Values(frozen));

        // After the freeze a sale is stored but changes nothing, and another kill changes nothing either.
        await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            events = new object[] { new { eventId = "e6", agentId = "A1", type = "policy", occurredAt = CampaignBoards.Iso(endsAt.AddSeconds(-1)), policy = new { policyId = "P6", premium = 9000 } } },
        });
        server.Kill();
        await server.StartAsync();
        var after = await CampaignBoards.WhenAsync(client, "sprint", _ => true, TimeSpan.FromSeconds(20));
        Assert.Equal(("A2=9000, A1=5000", true, "finished"), (CampaignBoards.Values(after), after.GetProperty("frozen").GetBoolean(), after.GetProperty("status").GetString()));
        // The campaign list is kept in PostgreSQL too.
        var listed = await client.GetJsonAsync("/api/v1/campaigns?status=finished&branchId=SZ01");
        Assert.Equal(["sprint"], listed!.Value.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("campaignId").GetString()));
        var locked = await client.Http.PutAsJsonAsync("/api/v1/campaigns/sprint", new
        {
            name = "冲刺", metric = "fyp", unit = "agent", startsAt = CampaignBoards.Iso(startsAt), endsAt = CampaignBoards.Iso(endsAt), participants = new { branchIds = new[] { "SZ01" } },
        });
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
    });
}
