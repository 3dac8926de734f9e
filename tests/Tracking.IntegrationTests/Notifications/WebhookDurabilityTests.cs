using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using StandardWebhooks;
using Tracking.IntegrationTests.Api;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Notifications;

/// <summary>
/// Webhooks in durable mode: a pending delivery is in PostgreSQL, and a restarted server resumes it under the same
/// webhook-id. (The server is stopped, not killed: a kill -9 between the decision and the POST is not tested here.)
/// </summary>
public sealed class WebhookDurabilityTests : IAsyncLifetime
{
    private TemporaryDatabase _database = null!;
    private WebhookReceiver _receiver = null!;
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        _database = await TemporaryDatabase.CreateAsync("webhooks");
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<HttpClient> StartAsync()
    {
        (_app, var address) = await TrackingHostFixture.StartHostAsync($"--ConnectionStrings:Tracking={_database.ConnectionString}",
            "--Auth:Disabled=true", "--Webhooks:AllowPrivateNetworks=true", "--Webhooks:RetryDelays:0=00:00:00.5");
        return new HttpClient { BaseAddress = address };
    }

    private async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    [Fact]
    public async Task A_pending_delivery_survives_a_restart_and_arrives_after_it_under_the_same_webhook_id()
    {
        var http = await StartAsync();
        var org = new OrgBuilder();
        Assert.Equal(200, (int)(await http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1)))).StatusCode);
        using var put = await http.PutAsJsonAsync("/api/v1/webhooks/durable", new { url = _receiver.Url("/durable"), events = new[] { "celebration" }, format = "json" });
        var secret = JsonNode.Parse(await put.Content.ReadAsStringAsync())!["secret"]!.GetValue<string>();
        _receiver.Answer = (_, _) => 503;

        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        Assert.Equal(200, (int)(await http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Policy(1, now, "P1", 5000m) } })).StatusCode);
        await Eventually.Until(() => Task.FromResult(_receiver.Received.Count), n => n >= 2, TimeSpan.FromSeconds(10));
        await StopAsync();
        var refused = _receiver.Received.ToArray();

        _receiver.Answer = (_, _) => 200;
        http = await StartAsync();
        var delivered = await Eventually.Until(async () => (await http.GetFromJsonAsync<JsonNode>("/api/v1/webhooks/durable/deliveries?status=delivered"))!["deliveries"]!.AsArray(),
            d => d.Count == 1, TimeSpan.FromSeconds(20));
        Assert.Single(delivered);
        var all = _receiver.Received.ToArray();
        Assert.True(all.Length > refused.Length, "the delivery was attempted again after the restart");
        Assert.Single(all.Select(r => r.Id).Distinct());
        new StandardWebhook(secret).Verify(all[^1].Body, all[^1].Headers);
        Assert.Equal("celebration", JsonNode.Parse(all[^1].Body)!["type"]!.GetValue<string>());
    }
}
