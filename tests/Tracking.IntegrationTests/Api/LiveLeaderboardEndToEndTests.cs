using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>The whole path over real sockets: HTTP ingest → grains → SignalR push to a .NET client.</summary>
[Collection(TrackingHostCollection.Name)]
public sealed class LiveLeaderboardEndToEndTests(TrackingHostFixture host)
{
    [Fact]
    public async Task Ten_events_push_a_ranked_leaderboard_within_a_second_and_a_replay_changes_nothing()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var zone = LiveTimeZone.AwayFromMidnight();
        string B = $"B{id}", T1 = $"{B}-T1", T2 = $"{B}-T2", A1 = $"{B}-a1", A2 = $"{B}-a2", A3 = $"{B}-a3";
        await host.PutOrgAsync(new
        {
            branches = new[] { new { id = B, name = "福田营业部", timeZone = zone } },
            teams = new[] { new { id = T1, branchId = B, name = "一组" }, new { id = T2, branchId = B, name = "二组" } },
            agents = new[]
            {
                new { id = A1, teamId = T1, name = "王芳" },
                new { id = A2, teamId = T1, name = "李娜" },
                new { id = A3, teamId = T2, name = "张伟" },
            },
        });

        await using var connection = await host.ConnectHubAsync();
        var pushes = Channel.CreateUnbounded<(JsonElement Payload, long At)>();
        connection.On<JsonElement>("leaderboard", payload => pushes.Writer.TryWrite((payload, Stopwatch.GetTimestamp())));
        var topic = $"leaderboard:{B}:fyp:day:agents";
        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", topic);
        Assert.Equal(topic, snapshot.GetProperty("topic").GetString());
        Assert.Equal(3, snapshot.GetProperty("entries").GetArrayLength());
        Assert.All(snapshot.GetProperty("entries").EnumerateArray(), e => Assert.Equal(0m, e.GetProperty("value").GetDecimal()));
        var snapshotVersion = snapshot.GetProperty("version").GetInt64();

        // A2 reaches 8,000 before A1 does, so both share rank 1 with A2 listed first; A3 is third.
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var at = (int seconds) => now.AddSeconds(-60 + seconds).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz");
        var events = new object[]
        {
            new { eventId = $"{id}-1", agentId = A1, type = "policy", occurredAt = at(1), policy = new { policyId = $"{id}-P1", premium = 5000.00m } },
            new { eventId = $"{id}-2", agentId = A2, type = "policy", occurredAt = at(2), policy = new { policyId = $"{id}-P2", premium = 8000.00m } },
            new { eventId = $"{id}-3", agentId = A1, type = "policy", occurredAt = at(3), policy = new { policyId = $"{id}-P3", premium = 3000.00m } },
            new { eventId = $"{id}-4", agentId = A1, type = "call", occurredAt = at(4) },
            new { eventId = $"{id}-5", agentId = A2, type = "visit", occurredAt = at(5), visit = new { kind = "sales", proactive = true, customerClass = "A" } },
            new { eventId = $"{id}-6", agentId = A3, type = "policy", occurredAt = at(6), policy = new { policyId = $"{id}-P6", premium = 2000.00m } },
            new { eventId = $"{id}-7", agentId = A3, type = "call", occurredAt = at(7) },
            new { eventId = $"{id}-8", agentId = A3, type = "visit", occurredAt = at(8), visit = new { kind = "service", proactive = false, customerClass = "B" } },
            new { eventId = $"{id}-9", agentId = A3, type = "call", occurredAt = at(9) },
            new { eventId = $"{id}-10", agentId = A3, type = "policy", occurredAt = at(10), policy = new { policyId = $"{id}-P10", premium = 1500.50m } },
        };

        var (status, body, _) = await host.PostEventsAsync(new { events });
        var answeredAt = Stopwatch.GetTimestamp();
        Assert.Equal(200, status);
        Assert.Equal(10, body!["accepted"]!.GetValue<int>());
        Assert.Equal(0, body["duplicates"]!.GetValue<int>());

        var expected = new[] { (1, A2, 8000.00m), (1, A1, 8000.00m), (3, A3, 3500.50m) };
        var (final, receivedAt) = await ReceiveUntilAsync(pushes.Reader, p => Entries(p).SequenceEqual(expected), TimeSpan.FromSeconds(1), answeredAt);
        Assert.True(final.GetProperty("version").GetInt64() > snapshotVersion);
        Assert.True(Stopwatch.GetElapsedTime(answeredAt, receivedAt) < TimeSpan.FromSeconds(1));
        Assert.Equal(["李娜", "王芳", "张伟"], final.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));

        var boardBefore = await host.GetJsonAsync($"/api/v1/branches/{B}/leaderboard?metric=fyp&period=day&scope=agents");
        var statsBefore = await host.GetJsonAsync($"/api/v1/agents/{A3}/stats?period=day");

        // The same ten events again: all duplicates, nothing moves, no new standings are pushed.
        var (againStatus, againBody, _) = await host.PostEventsAsync(new { events });
        Assert.Equal(200, againStatus);
        Assert.Equal(0, againBody!["accepted"]!.GetValue<int>());
        Assert.Equal(10, againBody["duplicates"]!.GetValue<int>());

        await Task.Delay(500);
        while (pushes.Reader.TryRead(out var late)) Assert.Equal(expected, Entries(late.Payload));
        var boardAfter = await host.GetJsonAsync($"/api/v1/branches/{B}/leaderboard?metric=fyp&period=day&scope=agents");
        var statsAfter = await host.GetJsonAsync($"/api/v1/agents/{A3}/stats?period=day");
        Assert.Equal(boardBefore["entries"]!.ToJsonString(), boardAfter["entries"]!.ToJsonString());
        Assert.Equal(statsBefore["metrics"]!.ToJsonString(), statsAfter["metrics"]!.ToJsonString());
        Assert.Equal(3m, statsAfter["metrics"]!["calls"]!.GetValue<decimal>() + statsAfter["metrics"]!["visits"]!.GetValue<decimal>());
        Assert.Equal(3500.50m, statsAfter["metrics"]!["fyp"]!.GetValue<decimal>());
    }

    private static (int Rank, string Id, decimal Value)[] Entries(JsonElement payload) =>
        payload.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("id").GetString()!, e.GetProperty("value").GetDecimal()))
            .ToArray();

    private static async Task<(JsonElement Payload, long At)> ReceiveUntilAsync(
        ChannelReader<(JsonElement Payload, long At)> reader, Func<JsonElement, bool> match, TimeSpan within, long from)
    {
        using var timeout = new CancellationTokenSource(within + TimeSpan.FromSeconds(2));
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var push = await reader.ReadAsync(timeout.Token);
                if (match(push.Payload)) return push;
                seen.Add(push.Payload.GetProperty("entries").ToString());
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No matching push arrived; saw: {string.Join(" | ", seen)}");
        }
    }
}
