using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StandardWebhooks;
using Tracking.IntegrationTests.Api;
using Tracking.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tracking.IntegrationTests.Notifications;

/// <summary>
/// Webhooks end to end on the real host (fake product clock, private networks allowed for the loopback receiver,
/// retries shortened): signed deliveries of a celebration and an alert, filters, retries under one webhook-id, and
/// a dead endpoint that does not slow ingest.
/// </summary>
public sealed class WebhookDeliveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private FakeClockHost _host = null!;
    private WebhookReceiver _receiver = null!;

    private HttpClient Http => _host.Http;

    public async Task InitializeAsync()
    {
        _host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 11, 16, 9, 0, 0, Shanghai),
            "--Webhooks:AllowPrivateNetworks=true", "--Webhooks:RetryDelays:0=00:00:00.3", "--Webhooks:RetryDelays:1=00:00:00.9",
            "--Webhooks:RetryDelays:2=00:00:02.7", "--Webhooks:AttemptTimeout=00:00:02");
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static string At(int hour, int minute) => new DateTimeOffset(2026, 11, 16, hour, minute, 0, Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz");

    /// <summary>Two teams; agent 1 in team 1 and, when asked, agent 2 in team 2.</summary>
    private async Task<OrgBuilder> OrgAsync(bool secondAgent = true)
    {
        var org = new OrgBuilder("Asia/Shanghai");
        var agents = secondAgent ? new[] { (1, 1), (2, 2) } : [(1, 1)];
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/org", org.Org(2, agents))).StatusCode);
        return org;
    }

    private async Task<string> PutWebhookAsync(string id, string path, string[] events, string[]? branchIds = null, string[]? teamIds = null)
    {
        using var response = await Http.PutAsJsonAsync($"/api/v1/webhooks/{id}",
            new { url = _receiver.Url(path), events, branchIds = branchIds ?? [], teamIds = teamIds ?? [], format = "json" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(201 == (int)response.StatusCode, body.ToJsonString());
        return body["secret"]!.GetValue<string>();
    }

    private Task<JsonNode> DeliveriesAsync(string id, string status) =>
        Http.GetFromJsonAsync<JsonNode>($"/api/v1/webhooks/{id}/deliveries?status={status}")!;

    [Fact]
    public async Task A_celebration_and_an_alert_arrive_signed_and_only_where_the_filters_match()
    {
        // Team 2 has nobody, so nothing of it can be alerted or celebrated.
        var org = await OrgAsync(secondAgent: false);
        var rules = await Http.PutAsJsonAsync("/api/v1/alert-rules", new { rules = new[] { new { scope = "branch", id = org.Branch, inactive = new { workingHours = 2 } } } });
        Assert.Equal(200, (int)rules.StatusCode);
        var p = org.Prefix;
        string[] both = ["alert.raised", "celebration"];
        var secret = await PutWebhookAsync($"{p}-all", "/all", both);
        await PutWebhookAsync($"{p}-team1", "/team1", both, teamIds: [org.Team(1)]);
        await PutWebhookAsync($"{p}-other-branch", "/other-branch", both, branchIds: ["elsewhere"]);
        await PutWebhookAsync($"{p}-team2", "/team2", both, teamIds: [org.Team(2)]);
        await PutWebhookAsync($"{p}-resolved", "/resolved", ["alert.resolved"]);

        // Agent 1 (team 1) visits at 09:30 and sells a policy; two quiet working hours later, at 11:30, it is alerted.
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 16, 9, 30, 0, Shanghai));
        var events = await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Visit(1, At(9, 30)), org.Policy(1, At(9, 30), "P1", 25000m) } });
        Assert.Equal(200, (int)events.StatusCode);
        await Eventually.Until(() => Task.FromResult(_receiver.At("/all").Count), n => n >= 1, TimeSpan.FromSeconds(5));
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 16, 11, 30, 0, Shanghai));
        await Eventually.Until(() => Task.FromResult(_receiver.At("/all").Count), n => n >= 2, TimeSpan.FromSeconds(5));
        await Eventually.Until(() => Task.FromResult(_receiver.At("/team1").Count), n => n >= 2, TimeSpan.FromSeconds(5));
        await Task.Delay(500); // and nothing more

        var received = _receiver.At("/all");
        Assert.Equal(2, received.Count);
        var hook = new StandardWebhook(secret);
        foreach (var delivery in received) hook.Verify(delivery.Body, delivery.Headers); // throws when the signature is wrong
        var bodies = received.Select(r => JsonNode.Parse(r.Body)!).ToArray();
        Assert.Equal(["celebration", "alert.raised"], bodies.Select(b => b["type"]!.GetValue<string>()));
        Assert.Equal(("policy", org.Agent(1), 25000m),
            (bodies[0]["data"]!["kind"]!.GetValue<string>(), bodies[0]["data"]!["agentId"]!.GetValue<string>(), bodies[0]["data"]!["value"]!.GetValue<decimal>()));
        Assert.Equal(("inactive", org.Team(1), "open"),
            (bodies[1]["data"]!["rule"]!.GetValue<string>(), bodies[1]["data"]!["teamId"]!.GetValue<string>(), bodies[1]["data"]!["status"]!.GetValue<string>()));
        Assert.NotEqual(received[0].Id, received[1].Id);

        Assert.Equal(2, _receiver.At("/team1").Count);
        Assert.Empty(_receiver.At("/team2"));
        Assert.Empty(_receiver.At("/other-branch"));
        Assert.Empty(_receiver.At("/resolved"));
        var delivered = (await DeliveriesAsync($"{p}-all", "delivered"))["deliveries"]!.AsArray();
        Assert.Equal(2, delivered.Count);
        Assert.Equal(["deliveryId", "webhookId", "type", "status", "createdAt", "nextAttemptAt", "attempts"], delivered[0]!.AsObject().Select(x => x.Key));
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_under_one_webhook_id_with_growing_gaps_until_it_answers_2xx()
    {
        var org = await OrgAsync();
        var id = $"{org.Prefix}-flaky";
        await PutWebhookAsync(id, "/flaky", ["celebration"]);
        _receiver.Answer = (path, n) => path == "/flaky" && n <= 3 ? 500 : 200;

        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 16, 10, 0, 0, Shanghai));
        Assert.Equal(200, (int)(await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Policy(1, At(10, 0), "P1", 1000m) } })).StatusCode);
        var delivered = await Eventually.Until(async () => (await DeliveriesAsync(id, "delivered"))["deliveries"]!.AsArray(), d => d.Count == 1, TimeSpan.FromSeconds(15));

        var attempts = _receiver.At("/flaky");
        Assert.Equal(4, attempts.Count);
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.At, b.At)).ToArray();
        output.WriteLine("gaps between attempts: " + string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0} ms")));
        Assert.True(gaps[0] < gaps[1] && gaps[1] < gaps[2], "the gaps grow");
        var listed = delivered[0]!;
        Assert.Equal(attempts[0].Id, listed["deliveryId"]!.GetValue<string>());
        Assert.Equal([500, 500, 500, 200], listed["attempts"]!.AsArray().Select(a => a!["status"]!.GetValue<int>()));
        Assert.Null(listed["nextAttemptAt"]);
        Assert.Empty((await DeliveriesAsync(id, "pending"))["deliveries"]!.AsArray());
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_does_not_slow_ingest()
    {
        var org = await OrgAsync();
        _receiver.Answer = (path, _) => path == "/dead" ? null : 200;
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 16, 10, 0, 0, Shanghai));
        var policy = 0;
        async Task<double> MedianIngestMsAsync(int posts)
        {
            var times = new List<double>();
            for (var i = 0; i < posts; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Policy(1 + (i % 2), At(10, 0), $"P{++policy}", 1000m) } });
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Assert.Equal(200, (int)response.StatusCode);
            }
            return times.Order().ElementAt(times.Count / 2);
        }

        await MedianIngestMsAsync(20); // warm up
        var without = await MedianIngestMsAsync(40);
        await PutWebhookAsync($"{org.Prefix}-dead", "/dead", ["celebration"]);
        var with = await MedianIngestMsAsync(40);
        output.WriteLine($"median POST /events: {without:0.0} ms without the webhook, {with:0.0} ms with a webhook that never answers");
        await Eventually.Until(() => Task.FromResult(_receiver.At("/dead").Count), n => n >= 1, TimeSpan.FromSeconds(5));
        Assert.True(with < (without * 2) + 10, $"ingest slowed from {without:0.0} ms to {with:0.0} ms");
    }
}
