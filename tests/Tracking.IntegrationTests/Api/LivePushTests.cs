using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Api.Live;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>Live pushes over real sockets: MessagePack, reconnects, a client that stops reading.</summary>
[Collection(TrackingHostCollection.Name)]
public sealed class LivePushTests(TrackingHostFixture host)
{
    private static string Now(string zone, int secondsAgo = 30) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddSeconds(-secondsAgo), TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz");

    private async Task<(OrgBuilder Org, string Zone)> OrgAsync(int agents)
    {
        var org = new OrgBuilder(LiveTimeZone.AwayFromMidnight());
        await host.PutOrgAsync(org.Org(2, Enumerable.Range(1, agents).Select(a => (a, 1 + a % 2)).ToArray()));
        return (org, org.TimeZone);
    }

    private static HubConnection Connect(Uri baseAddress, bool messagePack = false, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "/hubs/tracking"), o => o.Transports = HttpTransportType.WebSockets);
        if (messagePack) builder.AddMessagePackProtocol();
        if (reconnect) builder.WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)]);
        return builder.Build();
    }

    [Fact]
    public async Task The_MessagePack_protocol_carries_numbers_as_numbers_and_the_contracts_names()
    {
        var (org, zone) = await OrgAsync(2);
        await using var connection = Connect(host.BaseAddress, messagePack: true);
        var pushes = new ConcurrentQueue<object>();
        connection.On<object>("leaderboard", p => pushes.Enqueue(p));
        await connection.StartAsync();

        var snapshot = (IDictionary<object, object>)(await connection.InvokeAsync<object>("Subscribe", $"leaderboard:{org.Branch}:fyp:day:agents"));
        Assert.Equal($"leaderboard:{org.Branch}:fyp:day:agents", snapshot["topic"]);
        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Policy(1, Now(zone), "P1", 1234.5m) } });
        Assert.Equal(200, status);

        var push = await Eventually.Until(() => Task.FromResult(pushes.LastOrDefault()), p => p is not null, TimeSpan.FromSeconds(2));
        var board = Assert.IsAssignableFrom<IDictionary<object, object>>(push);
        Assert.True(IsNumber(board["version"]));
        var first = (IDictionary<object, object>)((object[])board["entries"])[0];
        Assert.Equal(org.Agent(1), first["id"]);
        Assert.True(IsNumber(first["rank"]));
        Assert.True(IsNumber(first["value"]), $"value came as {first["value"].GetType()}");
        Assert.Equal(1234.5, Convert.ToDouble(first["value"]));
        Assert.IsType<string>(board["asOf"]);
    }

    [Fact]
    public async Task A_policy_sold_today_is_celebrated_on_the_branch_topic_and_a_late_report_is_not()
    {
        var (org, zone) = await OrgAsync(2);
        await using var connection = Connect(host.BaseAddress);
        var celebrations = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>("celebration", c => celebrations.Enqueue(c));
        await connection.StartAsync();
        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", $"branch:{org.Branch}");
        Assert.Equal($"branch:{org.Branch}", snapshot.GetProperty("topic").GetString());

        var lastWeek = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-7), TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var (status, _, _) = await host.PostEventsAsync(new { events = new[] { org.Policy(1, lastWeek, "OLD", 999m), org.Policy(2, Now(zone), "NEW", 15000m) } });
        Assert.Equal(200, status);

        var celebration = await Eventually.Until(() => Task.FromResult(celebrations.FirstOrDefault()), c => c.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(2));
        await Task.Delay(300);
        Assert.Single(celebrations);
        Assert.Equal(["agentId", "at", "branchId", "kind", "name", "topic", "value", "version"], celebration.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((org.Branch, org.Agent(2), "Agent 2", "policy", 15000m),
            (celebration.GetProperty("branchId").GetString(), celebration.GetProperty("agentId").GetString(), celebration.GetProperty("name").GetString(),
             celebration.GetProperty("kind").GetString(), celebration.GetProperty("value").GetDecimal()));
        Assert.True(celebration.GetProperty("version").GetInt64() > snapshot.GetProperty("version").GetInt64());
    }

    private static bool IsNumber(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double;

    [Fact]
    public async Task After_a_dropped_connection_the_client_reconnects_resubscribes_and_converges()
    {
        var (org, zone) = await OrgAsync(2);
        await using var proxy = new TcpProxy(host.BaseAddress);
        await using var connection = Connect(proxy.Address, reconnect: true);
        var topic = $"leaderboard:{org.Branch}:fyp:day:agents";
        var latest = new LatestState();
        connection.On<JsonElement>("leaderboard", latest.Offer);
        var reconnected = new TaskCompletionSource();
        connection.Reconnected += async _ =>
        {
            // What the contract asks of a client after a reconnect: subscribe again, take the fresh snapshot.
            latest.Offer(await connection.InvokeAsync<JsonElement>("Subscribe", topic));
            reconnected.TrySetResult();
        };
        await connection.StartAsync();
        latest.Offer(await connection.InvokeAsync<JsonElement>("Subscribe", topic));

        await host.PostEventsAsync(new { events = new[] { org.Policy(1, Now(zone), "P1", 100m) } });
        await Eventually.Until(() => Task.FromResult(latest.Total), t => t == 100m, TimeSpan.FromSeconds(2));

        proxy.DropAll();
        // While the screen is away, more business happens.
        await host.PostEventsAsync(new { events = new[] { org.Policy(2, Now(zone), "P2", 250m), org.Policy(1, Now(zone), "P3", 50m) } });
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(400m, await Eventually.Until(() => Task.FromResult(latest.Total), t => t == 400m, TimeSpan.FromSeconds(2)));

        // And it stays live afterwards.
        await host.PostEventsAsync(new { events = new[] { org.Policy(2, Now(zone), "P4", 1m) } });
        Assert.Equal(401m, await Eventually.Until(() => Task.FromResult(latest.Total), t => t == 401m, TimeSpan.FromSeconds(2)));
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task A_client_that_stops_reading_neither_delays_the_others_nor_piles_up_messages_on_the_server()
    {
        const int agents = 500, MaxRounds = 80, RoundsWhileBackedUp = 10;
        var (org, zone) = await OrgAsync(agents);
        var topics = new[] { "fyp", "calls", "visits", "policies", "salesVisits" }.Select(m => $"leaderboard:{org.Branch}:{m}:day:agents:500").ToArray();

        await using var proxy = new TcpProxy(host.BaseAddress);
        await using var slow = Connect(proxy.Address);
        var slowReceived = 0;
        slow.On<JsonElement>("leaderboard", _ => Interlocked.Increment(ref slowReceived));
        await slow.StartAsync();
        foreach (var topic in topics) await slow.InvokeAsync<JsonElement>("Subscribe", topic);

        await using var fast = Connect(host.BaseAddress);
        var fastLatest = new LatestState();
        fast.On<JsonElement>("leaderboard", p => { if (p.GetProperty("metric").GetString() == "fyp") fastLatest.Offer(p); });
        await fast.StartAsync();
        foreach (var topic in topics) fastLatest.Offer(await fast.InvokeAsync<JsonElement>("Subscribe", topic));

        proxy.PauseServerToClient = true;
        var outbox = host.App.Services.GetRequiredService<PushRelay>().OutboxOf(slow.ConnectionId!)!;
        var maxPending = 0;
        var expected = 0m;
        var lateness = new List<TimeSpan>();
        // Rounds of changes to the boards (each push of a 500-entry board is tens of kB) until the stalled
        // client's socket buffers are full and messages wait for it on the server, then some more.
        var backedUpRounds = 0;
        for (var round = 0; round < MaxRounds && backedUpRounds < RoundsWhileBackedUp; round++)
        {
            var events = Enumerable.Range(1, agents).SelectMany(a => new[] { org.Policy(a, Now(zone), $"R{round}-{a}", 10m), org.Call(a, Now(zone)) }).ToArray();
            var (status, _, _) = await host.PostEventsAsync(new { events });
            Assert.Equal(200, status);
            expected += agents * 10m;
            var answered = DateTime.UtcNow;
            await Eventually.Until(() => Task.FromResult(fastLatest.Total), t => t == expected, TimeSpan.FromSeconds(5));
            lateness.Add(DateTime.UtcNow - answered);
            maxPending = Math.Max(maxPending, outbox.PendingCount);
            if (maxPending > 0) backedUpRounds++;
        }

        // The fast screen kept up with every round; the stalled one holds at most one message per topic.
        Assert.Equal(expected, fastLatest.Total);
        Assert.True(lateness.Max() < TimeSpan.FromSeconds(1), $"slowest round reached the fast client after {lateness.Max().TotalMilliseconds} ms");
        Assert.True(maxPending > 0, "the stalled client never backed up: the test did not stall it");
        Assert.InRange(maxPending, 1, topics.Length);

        // Once it reads again it catches up with the latest state.
        var before = slowReceived;
        proxy.PauseServerToClient = false;
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref slowReceived)), n => n > before, TimeSpan.FromSeconds(10));
        await Eventually.Until(() => Task.FromResult(outbox.PendingCount), n => n == 0, TimeSpan.FromSeconds(10));
        Assert.True(slowReceived > before, "the stalled client received nothing after it read again");
        Assert.Equal(HubConnectionState.Connected, slow.State);
    }

    /// <summary>Keeps the newest payload by version, as a client must; its total is the sum of the entries' values.</summary>
    private sealed class LatestState
    {
        private readonly Lock _gate = new();
        private long _version = -1;
        private decimal _total;

        public decimal Total { get { lock (_gate) return _total; } }

        public void Offer(JsonElement payload)
        {
            var version = payload.GetProperty("version").GetInt64();
            var total = payload.GetProperty("entries").EnumerateArray().Sum(e => e.GetProperty("value").GetDecimal());
            lock (_gate)
            {
                if (version <= _version) return;
                _version = version;
                _total = total;
            }
        }
    }
}
