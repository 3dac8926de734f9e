using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>Bad input gets a clear problem+json answer and stores nothing of the request.</summary>
[Collection(TrackingHostCollection.Name)]
public sealed class IngestValidationTests(TrackingHostFixture host)
{
    private const string Past = "2026-11-20T10:00:00+08:00";

    private async Task<OrgBuilder> OrgAsync()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1, (1, 1), (2, 1)));
        return org;
    }

    private async Task<decimal> CallsOn20th(OrgBuilder org, int agent) =>
        (await host.GetJsonAsync($"/api/v1/agents/{org.Agent(agent)}/stats?period=day&date=2026-11-20"))["metrics"]!["calls"]!.GetValue<decimal>();

    public static TheoryData<string, string, string> BadEvents => new()
    {
        { "unknown type", """{"type":"email","occurredAt":"2026-11-20T10:00:00+08:00"}""", "events[1].type" },
        { "no offset", """{"type":"call","occurredAt":"2026-11-20T10:00:00"}""", "events[1].occurredAt" },
        { "future", """{"type":"call","occurredAt":"2099-01-01T00:00:00+08:00"}""", "events[1].occurredAt" },
        { "premium as string", """{"type":"policy","occurredAt":"2026-11-20T10:00:00+08:00","policy":{"policyId":"P","premium":"100"}}""", "events[1].policy.premium" },
        { "third decimal", """{"type":"policy","occurredAt":"2026-11-20T10:00:00+08:00","policy":{"policyId":"P","premium":100.005}}""", "events[1].policy.premium" },
        { "too large", """{"type":"policy","occurredAt":"2026-11-20T10:00:00+08:00","policy":{"policyId":"P","premium":1000000000000}}""", "events[1].policy.premium" },
        { "negative", """{"type":"renewal","occurredAt":"2026-11-20T10:00:00+08:00","renewal":{"policyId":"P","amount":-1,"policyYear":2}}""", "events[1].renewal.amount" },
        { "visit without kind", """{"type":"visit","occurredAt":"2026-11-20T10:00:00+08:00","visit":{"proactive":true,"customerClass":"A"}}""", "events[1].visit.kind" },
        { "unknown visit kind", """{"type":"visit","occurredAt":"2026-11-20T10:00:00+08:00","visit":{"kind":"coffee","proactive":true,"customerClass":"A"}}""", "events[1].visit.kind" },
        { "missing customer class", """{"type":"visit","occurredAt":"2026-11-20T10:00:00+08:00","visit":{"kind":"sales","proactive":true}}""", "events[1].visit.customerClass" },
        { "policy without details", """{"type":"policy","occurredAt":"2026-11-20T10:00:00+08:00"}""", "events[1].policy" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task An_invalid_event_rejects_the_whole_request_with_400_naming_the_field(string why, string badEventTail, string path)
    {
        var org = await OrgAsync();
        var body = $$"""
            {"events":[
              {"eventId":"{{org.Prefix}}-ok","agentId":"{{org.Agent(1)}}","type":"call","occurredAt":"{{Past}}"},
              {"eventId":"{{org.Prefix}}-bad","agentId":"{{org.Agent(1)}}",{{badEventTail.TrimStart('{')}}
            ]}
            """;
        var response = await host.Http.PostAsync("/api/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]!.GetValue<string>()));
        Assert.Contains(path, problem["detail"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![path]);
        Assert.True(0m == await CallsOn20th(org, 1), why);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"events":[]}""")]
    [InlineData("""{"events":{}}""")]
    [InlineData("""[]""")]
    public async Task A_malformed_body_is_a_400_problem(string body)
    {
        var response = await host.Http.PostAsync("/api/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_unknown_agent_is_a_422_and_the_known_agents_events_are_not_stored()
    {
        var org = await OrgAsync();
        var (status, problem, response) = await host.PostEventsAsync(new
        {
            events = new[] { org.Call(1, Past), org.Call(2, Past), new OrgBuilder().Call(9, Past) },
        });

        Assert.Equal(422, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(problem!["errors"]!["events[2].agentId"]);
        Assert.Equal(0m, await CallsOn20th(org, 1));
        Assert.Equal(0m, await CallsOn20th(org, 2));
    }

    [Fact]
    public async Task A_cancellation_of_an_unknown_policy_is_a_422_and_nothing_is_stored()
    {
        var org = await OrgAsync();
        var (status, problem, _) = await host.PostEventsAsync(new
        {
            events = new[] { org.Call(1, Past), org.Cancellation(2, Past, "never-sold") },
        });

        Assert.Equal(422, status);
        Assert.NotNull(problem!["errors"]!["events[1].cancellation.policyId"]);
        Assert.Equal(0m, await CallsOn20th(org, 1));
    }

    [Fact]
    public async Task A_cancellation_may_name_a_policy_sold_earlier_in_the_same_request()
    {
        var org = await OrgAsync();
        var (status, body, _) = await host.PostEventsAsync(new
        {
            events = new[] { org.Policy(1, Past, "P1", 1000m), org.Cancellation(1, "2026-11-20T11:00:00+08:00", "P1") },
        });

        Assert.Equal(200, status);
        Assert.Equal(2, body!["accepted"]!.GetValue<int>());
        var stats = await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=day&date=2026-11-20");
        Assert.Equal(0m, stats["metrics"]!["policies"]!.GetValue<decimal>());
        Assert.Equal(0m, stats["metrics"]!["fyp"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Unknown_routes_and_records_answer_problem_json()
    {
        foreach (var path in new[] { "/api/v1/nothing-here", "/api/v1/agents/no-such-agent", "/api/v1/branches/no-such/leaderboard" })
        {
            var response = await host.Http.GetAsync(path);
            Assert.Equal(404, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Org_references_to_unknown_branches_or_teams_are_422_and_bad_time_zones_400()
    {
        var unknownBranch = await host.Http.PutAsJsonAsync("/api/v1/org", new { teams = new[] { new { id = "T-x", branchId = "nope-" + Guid.NewGuid().ToString("N")[..6], name = "x" } } });
        var unknownTeam = await host.Http.PutAsJsonAsync("/api/v1/org", new { agents = new[] { new { id = "A-x", teamId = "nope-" + Guid.NewGuid().ToString("N")[..6], name = "x" } } });
        var badZone = await host.Http.PutAsJsonAsync("/api/v1/org", new { branches = new[] { new { id = "B-x", name = "x", timeZone = "Mars/Olympus" } } });

        Assert.Equal(422, (int)unknownBranch.StatusCode);
        Assert.Equal(422, (int)unknownTeam.StatusCode);
        Assert.Equal(400, (int)badZone.StatusCode);
        Assert.Equal(404, (int)(await host.Http.GetAsync("/api/v1/branches/B-x")).StatusCode);
    }
}
