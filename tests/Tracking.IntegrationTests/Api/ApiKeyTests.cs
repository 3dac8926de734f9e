using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// API keys over HTTP (docs/api.md, "API keys"): created with the key shown once, listed without keys, revoked
/// at once; here on the shared host, which runs open, so the admin routes answer without a token.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class ApiKeyTests(TrackingHostFixture host)
{
    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task A_key_is_shown_once_listed_without_it_and_revoked_at_once()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1));

        using var created = await host.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "crm", branchIds = new[] { org.Branch, org.Branch } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        var id = body["id"]!.GetValue<string>();
        var key = body["key"]!.GetValue<string>();
        Assert.Equal(["id", "name", "key", "branchIds", "createdAt"], body.Select(p => p.Key));
        Assert.Equal($"/api/v1/api-keys/{id}", created.Headers.Location?.OriginalString);
        Assert.StartsWith($"trk_{id}_", key);
        Assert.Equal("crm", body["name"]!.GetValue<string>());
        Assert.Equal([org.Branch], body["branchIds"]!.AsArray().Select(b => b!.GetValue<string>()));

        var listText = await (await host.Http.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key[17..], listText);
        var listed = Assert.Single(JsonNode.Parse(listText)!.AsArray(), k => k!["id"]!.GetValue<string>() == id)!.AsObject();
        Assert.Equal(["id", "name", "branchIds", "createdAt"], listed.Select(p => p.Key));
        Assert.Equal(body["createdAt"]!.GetValue<DateTimeOffset>(), listed["createdAt"]!.GetValue<DateTimeOffset>());

        using var revoked = await host.Http.DeleteAsync($"/api/v1/api-keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.DoesNotContain(id, await host.Http.GetStringAsync("/api/v1/api-keys"));
        await AssertProblemAsync(await host.Http.DeleteAsync($"/api/v1/api-keys/{id}"), 404);
        await AssertProblemAsync(await host.Http.DeleteAsync("/api/v1/api-keys/not-a-key-id"), 404);
    }

    [Fact]
    public async Task A_key_without_branches_is_for_every_branch()
    {
        using var created = await host.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "  phones  " });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("phones", body["name"]!.GetValue<string>());
        Assert.Empty(body["branchIds"]!.AsArray());
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
        var before = (await host.Http.GetStringAsync("/api/v1/api-keys")).Length;
        using var response = await host.Http.PostAsync("/api/v1/api-keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]![path]);
        Assert.Equal(before, (await host.Http.GetStringAsync("/api/v1/api-keys")).Length);
    }

    [Fact]
    public async Task An_unknown_branch_is_a_422_and_makes_no_key()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1));
        var missing = new OrgBuilder().Branch;

        using var response = await host.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "crm", branchIds = new[] { org.Branch, missing } });

        var problem = await AssertProblemAsync(response, 422);
        Assert.Contains(missing, problem["errors"]!["branchIds[1]"]![0]!.GetValue<string>());
        Assert.DoesNotContain(org.Branch, await host.Http.GetStringAsync("/api/v1/api-keys"));
    }
}
