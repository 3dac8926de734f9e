using System.Buffers.Text;
using System.Text.Json;
using Tracking.IntegrationTests.Access;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// Web Push end to end (docs/api.md, "Web Push"): the real host with access control on and a fake product clock at
/// Monday 11:30 in Shanghai, where the org's quiet agents raise inactive alerts at once; a push service on loopback
/// that records what it receives; the browser's side (keys, decryption) held by the test.
/// </summary>
public sealed class WebPushTests : IAsyncLifetime
{
    private const string Subscriptions = "/api/v1/push-subscriptions";

    private readonly AccessOrg _org = new("u-t1");
    private TestPushService _push = null!;
    private AccessHost _host = null!;

    public async Task InitializeAsync()
    {
        _push = await TestPushService.StartAsync();
        _host = await AccessHost.StartAsync(AccessHost.MondayLateMorning,
            "--WebPush:AllowInsecureEndpoints=true", "--WebPush:FirstRetryDelay=00:00:00.200");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _push.DisposeAsync();
    }

    [Fact]
    public async Task A_raised_alert_reaches_every_subscription_of_its_teams_supervisors_once_encrypted_and_signed_with_vapid()
    {
        var keyAnswer = await _host.GetAsync("/api/v1/push/vapid-public-key", TestTokens.Supervisor("u-any"));
        Assert.Equal(200, keyAnswer.Status);
        var vapidKey = keyAnswer.Json!["publicKey"]!.GetValue<string>();
        Assert.Equal(65, Base64Url.DecodeFromChars(vapidKey).Length);

        using var ofT1 = new TestPushSubscriber();
        using var ofT2 = new TestPushSubscriber();
        using var ofNoTeam = new TestPushSubscriber();
        using var ofAdmin = new TestPushSubscriber();
        var t1Token = TestTokens.Supervisor(_org.SupervisorOfT1);
        var t1Id = await SubscribeAsync(t1Token, ofT1, "t1");
        await SubscribeAsync(TestTokens.Supervisor("u-team2-claim", teams: [_org.T2]), ofT2, "t2");
        await SubscribeAsync(TestTokens.Supervisor("u-nobody"), ofNoTeam, "none");
        await SubscribeAsync(TestTokens.Admin(), ofAdmin, "admin");
        // The same browser subscribing again keeps its id.
        Assert.Equal(t1Id, await SubscribeAsync(t1Token, ofT1, "t1"));

        // Quiet since 09:00: A1 (T1), A1b (T1b, supervised by nobody) and A2 (T2) are alerted at the next tick.
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/org", _org.Org());
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/alert-rules", _org.QuietAlertRules());
        await Eventually.Until(() => Task.FromResult(_push.Received.Count), n => n >= 5, TimeSpan.FromSeconds(15));
        await Task.Delay(1500);

        var alertOfT1 = await OnlyAlertIdAsync(_org.T1);
        var toT1 = Assert.Single(_push.For("t1"));
        Assert.Equal("aes128gcm", toT1.ContentEncoding);
        Assert.Equal("86400", toT1.Ttl);
        Assert.StartsWith("vapid t=", toT1.Authorization);
        Assert.EndsWith($", k={vapidKey}", toT1.Authorization);
        var payload = JsonDocument.Parse(ofT1.Decrypt(toT1.Body)).RootElement;
        Assert.Equal(["alertId", "body", "teamId", "title", "url"], payload.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(alertOfT1, payload.GetProperty("alertId").GetString());
        Assert.Equal(_org.T1, payload.GetProperty("teamId").GetString());
        Assert.Equal($"/console.html?team={_org.T1}#alert-{alertOfT1}", payload.GetProperty("url").GetString());
        Assert.Equal("Team 1：无活动", payload.GetProperty("title").GetString());
        var body = payload.GetProperty("body").GetString()!;
        Assert.StartsWith($"Agent {_org.A1} 已 ", body);
        Assert.EndsWith(" 个工作小时无活动（上限 2）", body);

        var toT2 = JsonDocument.Parse(ofT2.Decrypt(Assert.Single(_push.For("t2")).Body)).RootElement;
        Assert.Equal((await OnlyAlertIdAsync(_org.T2), _org.T2), (toT2.GetProperty("alertId").GetString(), toT2.GetProperty("teamId").GetString()));
        Assert.Empty(_push.For("none"));
        var toAdmin = _push.For("admin").Select(p => JsonDocument.Parse(ofAdmin.Decrypt(p.Body)).RootElement.GetProperty("teamId").GetString());
        Assert.Equal([_org.T1, _org.T1b, _org.T2], toAdmin.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_push_service_answering_410_drops_the_subscription_and_other_failures_are_retried_until_delivered()
    {
        var admin = TestTokens.Admin();
        using var gone = new TestPushSubscriber();
        using var flaky = new TestPushSubscriber();
        _push.AnswerNext("gone", 410, 410, 410);
        _push.AnswerNext("flaky", 500, 503, 500);
        var goneId = await SubscribeAsync(admin, gone, "gone");
        await SubscribeAsync(admin, flaky, "flaky");

        await _host.AdminAsync(HttpMethod.Put, "/api/v1/org", _org.Org());
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/alert-rules", _org.QuietAlertRules());
        // Three alerts: each first attempt to "flaky" fails and is tried again.
        var flakyPushes = await Eventually.Until(() => Task.FromResult(_push.For("flaky")), p => p.Count >= 6, TimeSpan.FromSeconds(15));
        Assert.Equal(6, flakyPushes.Count);
        var alertIds = flakyPushes.Select(p => JsonDocument.Parse(flaky.Decrypt(p.Body)).RootElement.GetProperty("alertId").GetString()).ToArray();
        Assert.Equal(3, alertIds.Distinct().Count());
        Assert.All(alertIds.GroupBy(id => id), attempts => Assert.Equal(2, attempts.Count()));
        var goneCount = _push.For("gone").Count;
        Assert.InRange(goneCount, 1, 3);
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{goneId}", admin)).Status);

        // Two more quiet agents are alerted later: "flaky" hears of them, the dropped subscription does not.
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/org", _org.Org(["late"]));
        await Eventually.Until(() => Task.FromResult(_push.For("flaky").Count), n => n >= 8, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        Assert.Equal(8, _push.For("flaky").Count);
        Assert.Equal(goneCount, _push.For("gone").Count);
    }

    [Fact]
    public async Task A_subscription_is_removed_only_by_its_owner_or_an_admin_and_an_unknown_id_is_403_to_a_supervisor()
    {
        using var browser = new TestPushSubscriber();
        var owner = TestTokens.Supervisor("u-owner", teams: [_org.T1]);
        var id = await SubscribeAsync(owner, browser, "owned");
        var otherId = await SubscribeAsync(TestTokens.Supervisor("u-other"), new TestPushSubscriber(), "other");

        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", TestTokens.Supervisor("u-other"))).Status);
        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/nope", owner)).Status);
        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", TestTokens.Display(_org.B1))).Status);
        Assert.Equal(401, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", null)).Status);
        Assert.Equal(204, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", owner)).Status);
        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", owner)).Status);
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", TestTokens.Admin())).Status);
        Assert.Equal(204, (await _host.SendAsync(HttpMethod.Delete, $"{Subscriptions}/{otherId}", TestTokens.Admin())).Status);
        Assert.Equal(401, (await _host.GetAsync("/api/v1/push/vapid-public-key", null)).Status);
        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Post, Subscriptions, TestTokens.Display(_org.B1), browser.Subscription(_push.Endpoint("d")))).Status);
    }

    public static TheoryData<string, object, string> InvalidBodies()
    {
        using var browser = new TestPushSubscriber();
        var keys = new { p256dh = browser.P256dh, auth = browser.Auth };
        var offCurve = Base64Url.EncodeToString([0x04, .. new byte[64]]);
        return new()
        {
            { "no endpoint", new { keys }, "endpoint" },
            { "not a URL", new { endpoint = "push service", keys }, "endpoint" },
            { "ftp", new { endpoint = "ftp://127.0.0.1/push/x", keys }, "endpoint" },
            { "http beyond loopback", new { endpoint = "http://push.example.com/x", keys }, "endpoint" },
            { "no keys", new { endpoint = "https://push.example.com/x" }, "keys" },
            { "no p256dh", new { endpoint = "https://push.example.com/x", keys = new { auth = browser.Auth } }, "keys.p256dh" },
            { "p256dh too short", new { endpoint = "https://push.example.com/x", keys = new { p256dh = browser.Auth, auth = browser.Auth } }, "keys.p256dh" },
            { "p256dh off the curve", new { endpoint = "https://push.example.com/x", keys = new { p256dh = offCurve, auth = browser.Auth } }, "keys.p256dh" },
            { "p256dh not base64url", new { endpoint = "https://push.example.com/x", keys = new { p256dh = "!!", auth = browser.Auth } }, "keys.p256dh" },
            { "auth of 15 bytes", new { endpoint = "https://push.example.com/x", keys = new { p256dh = browser.P256dh, auth = Base64Url.EncodeToString(new byte[15]) } }, "keys.auth" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_subscription_is_400_naming_the_field(string why, object body, string field)
    {
        var answer = await _host.SendAsync(HttpMethod.Post, Subscriptions, TestTokens.Admin(), body);

        Assert.True(answer.Status == 400, $"{why}: {answer}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal([field], answer.Json!["errors"]!.AsObject().Select(e => e.Key));
    }

    private async Task<string> SubscribeAsync(string token, TestPushSubscriber browser, string name)
    {
        var answer = await _host.SendAsync(HttpMethod.Post, Subscriptions, token, browser.Subscription(_push.Endpoint(name)));
        Assert.True(answer.Status == 201, answer.ToString());
        return answer.Json!["id"]!.GetValue<string>();
    }

    private async Task<string> OnlyAlertIdAsync(string teamId)
    {
        var alerts = await _host.GetAsync($"/api/v1/teams/{teamId}/alerts?status=all", TestTokens.Admin());
        return Assert.Single(alerts.Json!.AsArray())!["alertId"]!.GetValue<string>();
    }
}
