using System.Text.Json;
using Tracking.IntegrationTests.Access;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// Web Push in durable mode: the generated VAPID key, the subscriptions and the messages still to be delivered are in
/// PostgreSQL, so after a restart the key is the same, the subscription is still there and the retries go on.
/// </summary>
public sealed class WebPushDurabilityTests : IAsyncLifetime
{
    private readonly AccessOrg _org = new("u-t1");
    private TemporaryDatabase _database = null!;
    private TestPushService _push = null!;

    public async Task InitializeAsync()
    {
        _database = await TemporaryDatabase.CreateAsync("webpush");
        _push = await TestPushService.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _push.DisposeAsync();
        await _database.DisposeAsync();
    }

    private Task<AccessHost> StartNodeAsync() => AccessHost.StartAsync(AccessHost.MondayLateMorning,
        $"--ConnectionStrings:Tracking={_database.ConnectionString}", "--WebPush:AllowInsecureEndpoints=true", "--WebPush:FirstRetryDelay=00:00:01");

    [Fact]
    public async Task The_key_the_subscription_and_undelivered_alerts_survive_a_restart()
    {
        using var browser = new TestPushSubscriber();
        _push.AnswerNext("phone", Enumerable.Repeat(503, 1000).ToArray());
        string key, id;
        await using (var first = await StartNodeAsync())
        {
            key = (await first.AdminAsync(HttpMethod.Get, "/api/v1/push/vapid-public-key"))["publicKey"]!.GetValue<string>();
            id = (await first.AdminAsync(HttpMethod.Post, "/api/v1/push-subscriptions", browser.Subscription(_push.Endpoint("phone"))))["id"]!.GetValue<string>();
            await first.AdminAsync(HttpMethod.Put, "/api/v1/org", _org.Org());
            await first.AdminAsync(HttpMethod.Put, "/api/v1/alert-rules", _org.QuietAlertRules());
            // Three alerts, each refused by the push service at least once.
            await Eventually.Until(() => Task.FromResult(_push.For("phone").Count), n => n >= 3, TimeSpan.FromSeconds(15));
        }
        var refused = _push.For("phone").Count;
        _push.AnswerNormally("phone");

        await using var second = await StartNodeAsync();
        Assert.Equal(key, (await second.AdminAsync(HttpMethod.Get, "/api/v1/push/vapid-public-key"))["publicKey"]!.GetValue<string>());
        var delivered = await Eventually.Until(() => Task.FromResult(_push.For("phone").Skip(refused).ToArray()), p => p.Length >= 3, TimeSpan.FromSeconds(20));
        var alertIds = delivered.Select(p => JsonDocument.Parse(browser.Decrypt(p.Body)).RootElement.GetProperty("alertId").GetString()).Distinct().ToArray();
        Assert.Equal(3, alertIds.Length);
        Assert.Equal(204, (await second.SendAsync(HttpMethod.Delete, $"/api/v1/push-subscriptions/{id}", TestTokens.Admin())).Status);
    }
}
