using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.IntegrationTests.Access;

public sealed class HubAccessFixture : IAsyncLifetime
{
    public AccessHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public enum HubCaller { SupervisorOfT1BySupervisorIds, SupervisorOfB1ByBranchClaim, DisplayOfB1, IngestOfB1 }

public enum TopicFamily { Leaderboard, Branch, Team, Alerts, Campaign }

/// <summary>
/// The hub's side of the access table (docs/api.md, "Access control"), over a real SignalR WebSocket: a topic in
/// scope answers its snapshot and then its pushes; one out of scope throws a HubException saying "forbidden", and
/// nothing of it arrives afterwards while an admin watching the same topic sees it change.
/// </summary>
public sealed class HubAccessTests(HubAccessFixture fixture, ITestOutputHelper output) : IClassFixture<HubAccessFixture>
{
    private static readonly string[] Messages = ["leaderboard", "team", "campaign", "alerts", "alert", "celebration"];

    private AccessHost Host => fixture.Host;

    public static TheoryData<HubCaller, TopicFamily, bool> Cases()
    {
        var cases = new TheoryData<HubCaller, TopicFamily, bool>();
        foreach (var caller in Enum.GetValues<HubCaller>())
            foreach (var family in Enum.GetValues<TopicFamily>())
                foreach (var ownScope in new[] { true, false }) cases.Add(caller, family, ownScope);
        return cases;
    }

    /// <summary>Supervisors may watch every family of their own teams and branch; a display only its branch's boards, celebrations and campaigns; ingest nothing.</summary>
    private static bool MaySubscribe(HubCaller caller, TopicFamily family, bool ownScope) => caller switch
    {
        HubCaller.IngestOfB1 => false,
        HubCaller.DisplayOfB1 => ownScope && family is TopicFamily.Leaderboard or TopicFamily.Branch or TopicFamily.Campaign,
        _ => ownScope,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_topic_in_scope_is_delivered_and_one_out_of_scope_is_forbidden_and_never_sent(HubCaller caller, TopicFamily family, bool ownScope)
    {
        var org = await OrgAsync();
        var (topic, change) = await PrepareAsync(org, family, ownScope);
        var allowed = MaySubscribe(caller, family, ownScope);

        await using var admin = await ConnectAsync(TestTokens.Admin());
        var adminReceived = Record(admin, topic);
        await admin.InvokeAsync<JsonElement>("Subscribe", topic);
        await using var subject = await ConnectAsync(TokenOf(caller, org));
        var received = Record(subject, topic);

        if (allowed)
        {
            var snapshot = await subject.InvokeAsync<JsonElement>("Subscribe", topic);
            Assert.Equal(topic, snapshot.GetProperty("topic").GetString());
        }
        else
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => subject.InvokeAsync<JsonElement>("Subscribe", topic));
            Assert.Contains("forbidden", refused.Message, StringComparison.Ordinal);
        }

        await change();
        await Eventually.Until(() => Task.FromResult(adminReceived.Count), n => n > 0, TimeSpan.FromSeconds(10));
        Assert.True(adminReceived.Count > 0, $"the change of {topic} never reached the admin watching it");
        if (allowed)
        {
            await Eventually.Until(() => Task.FromResult(received.Count), n => n > 0, TimeSpan.FromSeconds(5));
            Assert.True(received.Count > 0, $"{caller} subscribed to {topic} but received nothing of it");
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.True(received.IsEmpty, $"{caller} was refused {topic} yet received: {string.Join(", ", received)}");
        }
        Assert.True(subject.State == HubConnectionState.Connected, "a refused Subscribe must not end the connection");
    }

    [Fact]
    public async Task Negotiate_without_a_token_is_401_and_a_client_without_one_cannot_connect()
    {
        using var http = new HttpClient { BaseAddress = Host.BaseAddress };
        using var negotiate = await http.PostAsync("/hubs/tracking/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        Assert.StartsWith("Bearer", negotiate.Headers.WwwAuthenticate.ToString());

        await using var anonymous = Host.Hub(token: null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_supervisor_taken_off_a_team_loses_its_topics_and_reads_at_once_with_the_same_token()
    {
        var org = await OrgAsync();
        var token = TestTokens.Supervisor(org.SupervisorOfT1);
        await using var supervisor = await ConnectAsync(token);
        Assert.Equal(200, (await Host.GetAsync($"/api/v1/teams/{org.T1}", token)).Status);
        var before = await supervisor.InvokeAsync<JsonElement>("Subscribe", $"team:{org.T1}");
        Assert.Equal($"team:{org.T1}", before.GetProperty("topic").GetString());
        var ended = new TaskCompletionSource<JsonElement>();
        supervisor.On<JsonElement>("unsubscribed", m => ended.TrySetResult(m));

        await Host.AdminAsync(HttpMethod.Put, "/api/v1/org", new
        {
            teams = new[] { new { id = org.T1, branchId = org.B1, name = "Team 1", supervisorIds = new[] { "u-someone-else" } } },
        });

        var read = await Host.GetAsync($"/api/v1/teams/{org.T1}", token);
        Assert.Equal(403, read.Status);
        Assert.Equal(403, (await Host.GetAsync($"/api/v1/agents/{org.A1}/stats", token)).Status);
        Assert.Equal(403, (await Host.GetAsync($"/api/v1/teams/{org.T1}/alerts", token)).Status);
        foreach (var topic in new[] { $"team:{org.T1}", $"alerts:{org.T1}", $"leaderboard:{org.B1}:fyp:day:agents" })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => supervisor.InvokeAsync<JsonElement>("Subscribe", topic));
            Assert.Contains("forbidden", refused.Message, StringComparison.Ordinal);
        }
        await using var fresh = await ConnectAsync(token);
        var again = await Assert.ThrowsAsync<HubException>(() => fresh.InvokeAsync<JsonElement>("Subscribe", $"team:{org.T1}"));
        Assert.Contains("forbidden", again.Message, StringComparison.Ordinal);

        // The subscription made before the removal is ended by the server (within its one-second check) and said so.
        var notice = await ended.Task.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(($"team:{org.T1}", "forbidden"), (notice.GetProperty("topic").GetString(), notice.GetProperty("reason").GetString()));
        var kept = Record(supervisor, $"team:{org.T1}");
        await using var admin = await ConnectAsync(TestTokens.Admin());
        var adminReceived = Record(admin, $"team:{org.T1}");
        await admin.InvokeAsync<JsonElement>("Subscribe", $"team:{org.T1}");
        // Pushes are coalesced on the product clock: let it move past the window of the push the org change made.
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await Host.AdminAsync(HttpMethod.Post, "/api/v1/events", new { events = new[] { AccessOrg.Call($"{org.Prefix}-after", org.A1, Host.Ago(TimeSpan.FromMinutes(1))) } });
        await Eventually.Until(() => Task.FromResult(adminReceived.Count), n => n > 0, TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(1));
        output.WriteLine($"after a change of team:{org.T1}: admin received {adminReceived.Count}, the connection subscribed before the removal {kept.Count}");
        Assert.Empty(kept);
    }

    private static string TokenOf(HubCaller caller, AccessOrg org) => caller switch
    {
        HubCaller.SupervisorOfT1BySupervisorIds => TestTokens.Supervisor(org.SupervisorOfT1),
        HubCaller.SupervisorOfB1ByBranchClaim => TestTokens.Supervisor($"u-{org.Prefix}-b1", branches: [org.B1]),
        HubCaller.DisplayOfB1 => TestTokens.Display(org.B1),
        HubCaller.IngestOfB1 => TestTokens.Ingest($"crm-{org.Prefix}", org.B1),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    private async Task<AccessOrg> OrgAsync()
    {
        var org = new AccessOrg();
        await Host.AdminAsync(HttpMethod.Put, "/api/v1/org", org.Org());
        await Host.AdminAsync(HttpMethod.Put, "/api/v1/alert-rules", org.QuietAlertRules());
        return org;
    }

    /// <summary>The topic of the family in (B1, T1, C1) or out of (B2, T2, C2) the callers' scope, and a change that makes it push.</summary>
    private async Task<(string Topic, Func<Task> Change)> PrepareAsync(AccessOrg org, TopicFamily family, bool ownScope)
    {
        var (branch, team, agent) = ownScope ? (org.B1, org.T1, org.A1) : (org.B2, org.T2, org.A2);
        var n = 0;
        async Task Post(Func<string, object> make)
        {
            // Pushes are coalesced on the product clock: a second passes, as it would, so an earlier push's window is over.
            Host.Clock.Advance(TimeSpan.FromSeconds(1));
            await Host.AdminAsync(HttpMethod.Post, "/api/v1/events", new { events = new[] { make($"{org.Prefix}-{family}-{++n}") } });
        }
        Func<Task> policy = () => Post(id => AccessOrg.Policy(id, agent, Host.Ago(TimeSpan.FromMinutes(1)), 5000m));
        switch (family)
        {
            case TopicFamily.Leaderboard:
                return ($"leaderboard:{branch}:fyp:day:agents", policy);
            case TopicFamily.Branch:
                return ($"branch:{branch}", policy);
            case TopicFamily.Team:
                return ($"team:{team}", () => Post(id => AccessOrg.Call(id, agent, Host.Ago(TimeSpan.FromMinutes(1)))));
            case TopicFamily.Alerts:
                // The agent has been quiet since the opening at 09:00: wait for its alert, which a visit then resolves.
                var raised = await Eventually.Until(
                    async () => (await Host.GetAsync($"/api/v1/teams/{team}/alerts", TestTokens.Admin())).Json!.AsArray().Count,
                    count => count > 0, TimeSpan.FromSeconds(10));
                Assert.True(raised > 0, $"no alert was raised for {team}");
                return ($"alerts:{team}", () => Post(id => AccessOrg.Visit(id, agent, Host.Ago(TimeSpan.FromMinutes(1)))));
            default:
                // A campaign of the branch (in scope) or of the team (out of scope), started by the clock, then scored.
                var id = $"{org.Prefix}-C";
                var starts = Host.Clock.GetUtcNow().AddMinutes(1);
                await Host.AdminAsync(HttpMethod.Put, $"/api/v1/campaigns/{id}",
                    ownScope ? org.Campaign("C1", starts, branchIds: [org.B1]) : org.Campaign("C2", starts, teamIds: [org.T2]));
                Host.Clock.Advance(TimeSpan.FromMinutes(2));
                var status = await Eventually.Until(
                    async () => (await Host.GetAsync($"/api/v1/campaigns/{id}", TestTokens.Admin())).Json!["status"]!.GetValue<string>(),
                    s => s == "running", TimeSpan.FromSeconds(5));
                Assert.Equal("running", status);
                return ($"campaign:{id}", policy);
        }
    }

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = Host.Hub(token);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Every message of <paramref name="topic"/> the connection receives from now on, by message name.</summary>
    private static ConcurrentQueue<string> Record(HubConnection connection, string topic)
    {
        var received = new ConcurrentQueue<string>();
        foreach (var message in Messages)
        {
            connection.On<JsonElement>(message, payload =>
            {
                if (payload.TryGetProperty("topic", out var t) && t.GetString() == topic) received.Enqueue(message);
            });
        }
        return received;
    }

}
