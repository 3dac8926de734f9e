using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;
using static Tracking.IntegrationTests.Infrastructure.ProblemAnswers;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// Bodies a new user might send by mistake (not JSON, a property named twice, far too large) are refused with a
/// problem+json answer and store nothing; every answer carries the browser security headers.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class InputHardeningTests(TrackingHostFixture host)
{
    private const string Past = "2026-11-20T10:00:00+08:00";

    private async Task<OrgBuilder> OrgAsync()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        return org;
    }

    private async Task<decimal> CallsOn20th(OrgBuilder org) =>
        (await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period=day&date=2026-11-20"))["metrics"]!["calls"]!.GetValue<decimal>();

    private string Event(OrgBuilder org, string id) =>
        $$"""{"eventId":"{{org.Prefix}}-{{id}}","agentId":"{{org.Agent(1)}}","type":"call","occurredAt":"{{Past}}"}""";

    private static ByteArrayContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        return content;
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Events_not_declared_json_are_a_415_problem_and_not_stored(string? contentType)
    {
        var org = await OrgAsync();
        using var response = await host.Http.PostAsync("/api/v1/events", Body($$"""{"events":[{{Event(org, "e1")}}]}""", contentType));

        await AssertProblemAsync(response, 415);
        Assert.Equal(0m, await CallsOn20th(org));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task An_org_not_declared_json_is_a_415_problem_and_not_stored(string? contentType)
    {
        var org = new OrgBuilder();
        using var response = await host.Http.PutAsync("/api/v1/org", Body(JsonSerializer.Serialize(org.Org(1, (1, 1))), contentType));

        await AssertProblemAsync(response, 415);
        Assert.Equal(404, (int)(await host.Http.GetAsync($"/api/v1/branches/{org.Branch}")).StatusCode);
    }

    [Fact]
    public async Task An_event_with_two_eventIds_is_a_400_naming_the_path_and_nothing_is_stored()
    {
        var org = await OrgAsync();
        var twice = Event(org, "a").Replace("{", $$"""{"eventId":"{{org.Prefix}}-b",""", StringComparison.Ordinal);
        using var response = await host.Http.PostAsync("/api/v1/events", Body($$"""{"events":[{{Event(org, "ok")}},{{twice}}]}""", "application/json"));

        var problem = await AssertProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]!["events[1].eventId"]);
        Assert.Equal(0m, await CallsOn20th(org));
    }

    [Fact]
    public async Task Two_events_arrays_are_a_400_naming_events_and_nothing_is_stored()
    {
        var org = await OrgAsync();
        var body = $$"""{"events":[{{Event(org, "first")}}],"events":[{{Event(org, "second")}}]}""";
        using var response = await host.Http.PostAsync("/api/v1/events", Body(body, "application/json"));

        var problem = await AssertProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]!["events"]);
        Assert.Equal(0m, await CallsOn20th(org));
    }

    [Fact]
    public async Task An_org_with_a_repeated_property_is_a_400_and_not_stored()
    {
        var org = new OrgBuilder();
        var json = JsonSerializer.Serialize(org.Org(1, (1, 1)));
        var twice = json.Replace("\"branches\":", "\"branches\":[],\"branches\":", StringComparison.Ordinal);
        using var response = await host.Http.PutAsync("/api/v1/org", Body(twice, "application/json"));

        var problem = await AssertProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]!["branches"]);
        Assert.Equal(404, (int)(await host.Http.GetAsync($"/api/v1/branches/{org.Branch}")).StatusCode);
    }

    /// <summary>One valid event padded with an unknown (ignored) field to the given size.</summary>
    private string Padded(OrgBuilder org, int bytes)
    {
        var head = $$"""{"events":[{{Event(org, "big")}}],"padding":" """;
        return head + new string('x', bytes - head.Length - 2) + "\"}";
    }

    [Fact]
    public async Task A_body_over_4_MiB_is_a_413_problem_and_nothing_is_stored()
    {
        var org = await OrgAsync();
        // As curl does for a large body: the server answers before the body is sent, so the client reads the answer
        // instead of having its upload cut off when the server closes the connection.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = Body(Padded(org, 5 << 20), "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await host.Http.SendAsync(request);

        await AssertProblemAsync(response, 413);
        Assert.Equal(0m, await CallsOn20th(org));
    }

    [Fact]
    public async Task A_3_MiB_body_is_not_refused_for_its_size()
    {
        var org = await OrgAsync();
        using var response = await host.Http.PostAsync("/api/v1/events", Body(Padded(org, 3 << 20), "application/json"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1m, await CallsOn20th(org));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/display.html")]
    [InlineData("/console.html")]
    [InlineData("/api/v1/branches/no-such-branch")]
    public async Task Pages_and_api_answers_carry_the_security_headers(string path)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }

    [Fact]
    public async Task The_pages_policy_runs_only_the_hosts_own_scripts_and_reaches_only_the_host()
    {
        using var response = await host.Http.GetAsync("/display.html");
        var directives = Assert.Single(response.Headers.GetValues("Content-Security-Policy"))
            .Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);

        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.StartsWith("connect-src 'self'", directives["connect-src"]);
        Assert.Contains($"ws://{host.BaseAddress.Authority}", directives["connect-src"]);
    }
}
