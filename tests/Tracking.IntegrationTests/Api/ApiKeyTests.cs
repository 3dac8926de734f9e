using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;
using static Tracking.IntegrationTests.Infrastructure.ProblemAnswers;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// API keys over HTTP (docs/api.md, "API keys") on a host with access control on: an admin creates a key (shown
/// once), lists keys (never the keys) and revokes one, whose next request is refused; a key acts as an ingest
/// caller scoped to its branches.
/// </summary>
public sealed class ApiKeyTests(AccessOnHostFixture host) : IClassFixture<AccessOnHostFixture>
{
    private const string Past = "2026-11-20T10:00:00+08:00";

    /// <summary>An admin of its own, so this test's reads count against a bucket no other test touches.</summary>
    private readonly HttpClient _admin = host.WithToken(TestTokens.Admin($"admin-{Guid.NewGuid():N}"));

    internal static async Task<OrgBuilder> OrgAsync(HttpClient admin, params (int Agent, int Team)[] agents)
    {
        var org = new OrgBuilder();
        using var response = await admin.PutAsJsonAsync("/api/v1/org", org.Org(1, agents));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return org;
    }

    internal static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient admin, string name, params string[] branchIds)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name, branchIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }

    internal static async Task<decimal> CallsOn20thAsync(HttpClient admin, string agentId) =>
        JsonNode.Parse(await admin.GetStringAsync($"/api/v1/agents/{agentId}/stats?period=day&date=2026-11-20"))!["metrics"]!["calls"]!.GetValue<decimal>();

    private static object Calls(OrgBuilder org, int agent, string eventId) =>
        new { events = new[] { new { eventId = $"{org.Prefix}-{eventId}", agentId = org.Agent(agent), type = "call", occurredAt = Past } } };

    [Fact]
    public async Task A_key_is_shown_once_listed_without_it_and_refused_on_its_next_request_once_revoked()
    {
        var org = await OrgAsync(_admin, (1, 1));

        using var created = await _admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "crm", branchIds = new[] { org.Branch, org.Branch } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        var id = body["id"]!.GetValue<string>();
        var key = body["key"]!.GetValue<string>();
        Assert.Equal(["id", "name", "key", "branchIds", "createdAt"], body.Select(p => p.Key));
        Assert.Equal($"/api/v1/api-keys/{id}", created.Headers.Location?.OriginalString);
        Assert.StartsWith($"trk_{id}_", key);
        Assert.Equal("crm", body["name"]!.GetValue<string>());
        Assert.Equal([org.Branch], body["branchIds"]!.AsArray().Select(b => b!.GetValue<string>()));

        var listText = await _admin.GetStringAsync("/api/v1/api-keys");
        Assert.DoesNotContain(key[17..], listText);
        var listed = Assert.Single(JsonNode.Parse(listText)!.AsArray(), k => k!["id"]!.GetValue<string>() == id)!.AsObject();
        Assert.Equal(["id", "name", "branchIds", "createdAt"], listed.Select(p => p.Key));
        Assert.Equal(body["createdAt"]!.GetValue<DateTimeOffset>(), listed["createdAt"]!.GetValue<DateTimeOffset>());

        using var ingest = host.WithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsJsonAsync("/api/v1/events", Calls(org, 1, "e1"))).StatusCode);

        using var revoked = await _admin.DeleteAsync($"/api/v1/api-keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var refused = await ingest.PostAsJsonAsync("/api/v1/events", Calls(org, 1, "e2"));
        await AssertProblemAsync(refused, 401);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(1m, await CallsOn20thAsync(_admin, org.Agent(1)));

        Assert.DoesNotContain(id, await _admin.GetStringAsync("/api/v1/api-keys"));
        await AssertProblemAsync(await _admin.DeleteAsync($"/api/v1/api-keys/{id}"), 404);
        await AssertProblemAsync(await _admin.DeleteAsync("/api/v1/api-keys/not-a-key-id"), 404);
    }

    [Fact]
    public async Task A_key_posts_for_its_branches_only_and_one_without_branches_for_every_branch()
    {
        var (mine, other) = (await OrgAsync(_admin, (1, 1)), await OrgAsync(_admin, (1, 1)));
        var (_, scoped) = await CreateKeyAsync(_admin, "crm", mine.Branch);
        using var created = await _admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "  phones  " });
        var everywhere = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("phones", everywhere["name"]!.GetValue<string>());
        Assert.Empty(everywhere["branchIds"]!.AsArray());

        using var scopedClient = host.WithApiKey(scoped);
        using var everywhereClient = host.WithApiKey(everywhere["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await scopedClient.PostAsJsonAsync("/api/v1/events", Calls(mine, 1, "e1"))).StatusCode);
        await AssertProblemAsync(await scopedClient.PostAsJsonAsync("/api/v1/events", Calls(other, 1, "e1")), 403);
        Assert.Equal(HttpStatusCode.OK, (await everywhereClient.PostAsJsonAsync("/api/v1/events", Calls(other, 1, "e2"))).StatusCode);
        Assert.Equal((1m, 1m), (await CallsOn20thAsync(_admin, mine.Agent(1)), await CallsOn20thAsync(_admin, other.Agent(1))));

        // A key is an ingest caller: it reads nothing and manages no keys.
        await AssertProblemAsync(await everywhereClient.GetAsync("/api/v1/api-keys"), 403);
        await AssertProblemAsync(await everywhereClient.GetAsync($"/api/v1/agents/{mine.Agent(1)}/stats"), 403);
    }

    [Theory]
    [InlineData("trk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_key_is_a_401_problem(string key)
    {
        var org = await OrgAsync(_admin, (1, 1));
        using var client = host.WithApiKey(key);

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", Calls(org, 1, "e1")), 401);
        Assert.Equal(0m, await CallsOn20thAsync(_admin, org.Agent(1)));
    }

    [Fact]
    public async Task Only_an_admin_manages_keys()
    {
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        using var ingest = host.WithToken(TestTokens.Ingest($"ingest-{Guid.NewGuid():N}"));

        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/api-keys"), 401);
        await AssertProblemAsync(await ingest.GetAsync("/api/v1/api-keys"), 403);
        await AssertProblemAsync(await ingest.PostAsJsonAsync("/api/v1/api-keys", new { name = "mine" }), 403);
        await AssertProblemAsync(await ingest.DeleteAsync("/api/v1/api-keys/000000000000"), 403);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"branchIds": []}""", "name" },
        { """{"name": "   "}""", "name" },
        { $$"""{"name": "{{new string('n', 101)}}"}""", "name" },
        { """{"name": 7}""", "name" },
        { """{"name": "crm", "branchIds": ["SZ 01"]}""", "branchIds[0]" },
        { """{"name": "crm", "branchIds": [null]}""", "branchIds[0]" },
        { """{"name": "crm", "branchIds": "SZ01"}""", "branchIds" },
        { "[]", "$" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_malformed_request_is_a_400_naming_the_field_and_makes_no_key(string json, string path)
    {
        var before = (await _admin.GetStringAsync("/api/v1/api-keys")).Length;
        using var response = await _admin.PostAsync("/api/v1/api-keys", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]![path]);
        Assert.Equal(before, (await _admin.GetStringAsync("/api/v1/api-keys")).Length);
    }

    [Fact]
    public async Task An_unknown_branch_is_a_422_and_makes_no_key()
    {
        var org = await OrgAsync(_admin);
        var missing = new OrgBuilder().Branch;

        using var response = await _admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "crm", branchIds = new[] { org.Branch, missing } });

        var problem = await AssertProblemAsync(response, 422);
        Assert.Contains(missing, problem["errors"]!["branchIds[1]"]![0]!.GetValue<string>());
        Assert.DoesNotContain(org.Branch, await _admin.GetStringAsync("/api/v1/api-keys"));
    }
}
