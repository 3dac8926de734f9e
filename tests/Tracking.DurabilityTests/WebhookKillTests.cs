using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using StandardWebhooks;
using Tracking.DurabilityTests.Infrastructure;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Webhook deliveries across a kill -9 of the durable server, right after an alert is raised. The alert is a
/// renewalAtRisk alert (an item 50 days past due has 10 of its 60 grace days left, inside the default 15), raised
/// within a second of the upload in working time: the branch works every day, all day, in a time zone where it is
/// around noon now. The other rules are off, so it is the only thing decided.
/// </summary>
public sealed class WebhookKillTests(ITestOutputHelper output) : DatabaseServerTest(output, "webhookkill")
{
    private const string Team = "SZ01-T1";
    private static readonly string[] Delivery = ["--Webhooks:AllowPrivateNetworks=true", "--Webhooks:RetryDelays:0=00:00:00.5"];
    private WebhookReceiver _receiver = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    /// <summary>
    /// The decision's notice is held back a minute before it is handed to the outbox (a drill setting), and the server
    /// is killed as soon as the alert is listed: only the team's own stored state knows of the delivery. After the
    /// restart the team, woken by its reminder, hands it over; the receiver refuses the first POST and takes the second.
    /// </summary>
    [Fact]
    public Task A_delivery_decided_but_not_yet_in_the_outbox_arrives_after_a_kill_and_restart() => WithServerLogsOnFailureAsync(async () =>
    {
        var server = Server("node", Database.ConnectionString, [.. Delivery, "--Webhooks:HandoffDelay=00:01:00"]);
        await server.StartAsync();
        var (secret, alertId) = await RaiseAlertAsync(server);
        server.Kill();
        Assert.Empty(_receiver.Received);

        _receiver.Answer = (_, n) => n == 1 ? 500 : 200;
        server.ExtraArguments = Delivery;
        await server.StartAsync();
        var restarted = Stopwatch.StartNew();
        var received = await Eventually.Until(() => Task.FromResult(_receiver.Received.ToArray()), r => r.Length >= 2, TimeSpan.FromSeconds(100));
        Print($"kill before the handoff: the delivery arrived {restarted.Elapsed.TotalSeconds:0.0} s after the restart, {received.Length} POSTs");
        await AssertOnlyTheDecidedAlertArrivedAsync(server, secret, alertId, received, attempts: 2);
    });

    /// <summary>
    /// The delivery is in the outbox and the endpoint answers 503 when the server is killed; after the restart the outbox
    /// resumes it under the same webhook-id, and the team handing its notice over again adds no second delivery.
    /// </summary>
    [Fact]
    public Task A_delivery_being_retried_goes_on_under_the_same_webhook_id_after_a_kill_and_restart() => WithServerLogsOnFailureAsync(async () =>
    {
        var server = Server("node", Database.ConnectionString, Delivery);
        await server.StartAsync();
        _receiver.Answer = (_, _) => 503;
        var (secret, alertId) = await RaiseAlertAsync(server);
        await Eventually.Until(() => Task.FromResult(_receiver.Received.Count), n => n >= 1, TimeSpan.FromSeconds(10));
        server.Kill();
        var refused = _receiver.Received.Count;

        _receiver.Answer = (_, _) => 200;
        await server.StartAsync();
        var received = await Eventually.Until(() => Task.FromResult(_receiver.Received.ToArray()), r => r.Length > refused, TimeSpan.FromSeconds(30));
        // The team wakes on its reminder (within a minute) and hands its notice over again: the outbox has it already.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var client = new TrackingClient(server.BaseAddress)) await client.GetJsonAsync($"/api/v1/teams/{Team}/alerts?status=all");
        await Task.Delay(TimeSpan.FromSeconds(2));
        received = _receiver.Received.ToArray();
        Print($"kill during the retries: {refused} POST(s) refused before the kill, {received.Length - refused} after the restart");
        await AssertOnlyTheDecidedAlertArrivedAsync(server, secret, alertId, received, attempts: refused + 1);
    });

    /// <summary>An org of one agent, the renewalAtRisk rule alone, a webhook of raised alerts, and an item at risk; the alert's id once listed.</summary>
    private async Task<(string Secret, string AlertId)> RaiseAlertAsync(TrackingServer server)
    {
        using var client = new TrackingClient(server.BaseAddress);
        var now = DateTimeOffset.UtcNow;
        var offsetHours = Math.Clamp(12 - now.Hour, -12, 14); // local time around noon
        var timeZone = offsetHours == 0 ? "Etc/UTC" : $"Etc/GMT{(offsetHours > 0 ? "-" : "+")}{Math.Abs(offsetHours)}"; // Etc/GMT-8 is UTC+8
        string[] everyDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        await client.PutOrgAsync(new
        {
            branches = new[] { new { id = "SZ01", name = "福田营业部", timeZone, workingDays = everyDay, workingHours = new { start = "00:00", end = "23:59" } } },
            teams = new[] { new { id = Team, branchId = "SZ01", name = "一组" } },
            agents = new[] { new { id = "A1", teamId = Team, name = "王芳", effectiveFrom = "2026-01-01T00:00:00+08:00" } },
        });
        var rules = new { rules = new[] { new { scope = "branch", id = "SZ01", behindPace = new { enabled = false }, inactive = new { enabled = false } } } };
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PutAsJsonAsync("/api/v1/alert-rules", rules)).StatusCode);
        using var put = await client.Http.PutAsJsonAsync("/api/v1/webhooks/robot", new { url = _receiver.Url("/robot"), events = new[] { "alert.raised" }, format = "json" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var secret = JsonNode.Parse(await put.Content.ReadAsStringAsync())!["secret"]!.GetValue<string>();

        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(offsetHours)).DateTime);
        var item = new { policyId = "P1", agentId = "A1", dueDate = today.AddDays(-50).ToString("yyyy-MM-dd"), amount = 3500m, policyYear = 2 };
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PutAsJsonAsync("/api/v1/renewals/due", new { items = new[] { item } })).StatusCode);
        var alerts = await Eventually.Until(
            async () => (await client.GetJsonAsync($"/api/v1/teams/{Team}/alerts?status=all"))?.EnumerateArray().ToArray() ?? [],
            a => a.Length > 0, TimeSpan.FromSeconds(10));
        return (secret, Assert.Single(alerts).GetProperty("alertId").GetString()!);
    }

    /// <summary>
    /// Every POST was the one decided alert, under one webhook-id and validly signed; the server lists that alert alone
    /// and its one delivery as delivered after <paramref name="attempts"/> attempts.
    /// </summary>
    private static async Task AssertOnlyTheDecidedAlertArrivedAsync(TrackingServer server, string secret, string alertId, ReceivedWebhook[] received, int attempts)
    {
        Assert.Single(received.Select(r => r.Id).Distinct());
        foreach (var post in received)
        {
            new StandardWebhook(secret).Verify(post.Body, post.Headers);
            var body = JsonNode.Parse(post.Body)!;
            Assert.Equal(("alert.raised", alertId), (body["type"]!.GetValue<string>(), body["data"]!["alertId"]!.GetValue<string>()));
        }
        using var client = new TrackingClient(server.BaseAddress);
        var alerts = (await client.GetJsonAsync($"/api/v1/teams/{Team}/alerts?status=all"))!.Value.EnumerateArray().ToArray();
        Assert.Equal(alertId, Assert.Single(alerts).GetProperty("alertId").GetString());
        var deliveries = await Eventually.Until(
            async () => (await client.GetJsonAsync("/api/v1/webhooks/robot/deliveries"))!.Value.GetProperty("deliveries").EnumerateArray().ToArray(),
            d => d.Length == 1 && d[0].GetProperty("status").GetString() == "delivered", TimeSpan.FromSeconds(5));
        var delivery = Assert.Single(deliveries);
        Assert.Equal((received[0].Id, "delivered", attempts),
            (delivery.GetProperty("deliveryId").GetString(), delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetArrayLength()));
    }
}
