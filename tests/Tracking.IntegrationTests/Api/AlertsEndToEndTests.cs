using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>Supervisor alerts end to end: the real host on a fake product clock, a real SignalR client.</summary>
public sealed class AlertsEndToEndTests : IAsyncLifetime
{
    private FakeClockHost _host = null!;

    private HttpClient Http => _host.Http;

    /// <summary>Starts on Monday 16 November 2026, 09:00 in Shanghai.</summary>
    public async Task InitializeAsync() => _host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.FromHours(8)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string At(int hour, int minute) => new DateTimeOffset(2026, 11, 16, hour, minute, 0, TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz");

    private void SetClock(int hour, int minute, int second = 0) =>
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 16, hour, minute, second, TimeSpan.FromHours(8)));

    [Fact]
    public async Task A_quiet_agent_is_alerted_within_a_second_of_falling_due_then_acknowledged_and_resolved_by_a_visit()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        Assert.Equal(200, (int)(await Http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1)))).StatusCode);
        var rules = await Http.PutAsJsonAsync("/api/v1/alert-rules", new { rules = new[] { new { scope = "branch", id = org.Branch, inactive = new { workingHours = 2 } } } });
        Assert.Equal(200, (int)rules.StatusCode);

        await using var supervisor = new HubConnectionBuilder().WithUrl(new Uri(_host.Base, "/hubs/tracking")).Build();
        var alerts = new ConcurrentQueue<(JsonElement Alert, long At)>();
        supervisor.On<JsonElement>("alert", a => alerts.Enqueue((a, Stopwatch.GetTimestamp())));
        await supervisor.StartAsync();
        var snapshot = await supervisor.InvokeAsync<JsonElement>("Subscribe", $"alerts:{org.Team(1)}");
        Assert.Equal(0, snapshot.GetProperty("alerts").GetArrayLength());

        // A visit at 09:30; two working hours of quiet after it fall due at 11:30.
        SetClock(9, 30);
        Assert.Equal(200, (int)(await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Visit(1, At(9, 30)) } })).StatusCode);
        SetClock(11, 29, 58);
        await Task.Delay(1500);
        Assert.Empty(alerts);

        SetClock(11, 30);
        var due = Stopwatch.GetTimestamp();
        var (raised, receivedAt) = await Eventually.Until(() => Task.FromResult(alerts.FirstOrDefault()), a => a.At != 0, TimeSpan.FromSeconds(3));
        Assert.True(Stopwatch.GetElapsedTime(due, receivedAt) < TimeSpan.FromSeconds(1), $"the alert came {Stopwatch.GetElapsedTime(due, receivedAt).TotalMilliseconds} ms after it fell due");
        Assert.Equal(["acknowledgedAt", "actual", "agentId", "agentName", "alertId", "expected", "metric", "raisedAt", "resolvedAt", "rule", "status", "teamId", "topic", "version"],
            raised.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(("inactive", "open", org.Agent(1), org.Team(1)),
            (raised.GetProperty("rule").GetString(), raised.GetProperty("status").GetString(), raised.GetProperty("agentId").GetString(), raised.GetProperty("teamId").GetString()));
        Assert.Equal(2m, raised.GetProperty("actual").GetDecimal());
        Assert.Equal(2m, raised.GetProperty("expected").GetDecimal());
        var alertId = raised.GetProperty("alertId").GetString()!;

        var open = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/alerts?status=open");
        Assert.Equal(alertId, Assert.Single(open.EnumerateArray()).GetProperty("alertId").GetString());

        SetClock(11, 40);
        var ack = await Http.PostAsync($"/api/v1/alerts/{alertId}/ack", null);
        var acked = await ack.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, (int)ack.StatusCode);
        Assert.Equal("acknowledged", acked.GetProperty("status").GetString());
        Assert.Empty((await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/alerts?status=open")).EnumerateArray());

        // The agent visits a customer: the condition is gone and the alert resolves by itself.
        SetClock(11, 50);
        await Http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Visit(1, At(11, 50)) } });
        var resolved = await Eventually.Until(() => Task.FromResult(alerts.Select(a => a.Alert).LastOrDefault()),
            a => a.ValueKind == JsonValueKind.Object && a.GetProperty("status").GetString() == "resolved", TimeSpan.FromSeconds(3));
        Assert.Equal(alertId, resolved.GetProperty("alertId").GetString());
        var statuses = alerts.Select(a => a.Alert.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["open", "acknowledged", "resolved"], statuses);
        var versions = alerts.Select(a => a.Alert.GetProperty("version").GetInt64()).ToArray();
        Assert.Equal(versions.Order(), versions);

        var all = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/alerts?status=all");
        Assert.Equal("resolved", Assert.Single(all.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_alert_requests_are_problems()
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await Http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1)));
        Assert.Equal(404, (int)(await Http.PostAsync("/api/v1/alerts/nope.1/ack", null)).StatusCode);
        Assert.Equal(400, (int)(await Http.GetAsync($"/api/v1/teams/{org.Team(1)}/alerts?status=closed")).StatusCode);
        Assert.Equal(400, (int)(await Http.PutAsJsonAsync("/api/v1/alert-rules", new { rules = new[] { new { scope = "team", id = org.Team(1), behindPace = new { threshold = -1 } } } })).StatusCode);
        Assert.Equal(422, (int)(await Http.PutAsJsonAsync("/api/v1/alert-rules", new { rules = new[] { new { scope = "team", id = "no-such-team" } } })).StatusCode);
        var rules = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/alert-rules");
        Assert.Equal(0.7m, rules.GetProperty("behindPaceThreshold").GetDecimal());
    }
}
