using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;
using static Tracking.IntegrationTests.Infrastructure.ProblemAnswers;

namespace Tracking.IntegrationTests.Notifications;

/// <summary>
/// The webhooks API on a host with access control on and private networks NOT allowed: admin only, secrets shown
/// once, bad bodies refused naming their fields, and URLs reaching loopback, private or link-local addresses refused.
/// </summary>
public sealed class WebhookApiTests(AccessOnHostFixture host) : IClassFixture<AccessOnHostFixture>
{
    private readonly HttpClient _admin = host.WithToken(TestTokens.Admin($"admin-{Guid.NewGuid():N}"));
    private readonly string _id = "H" + Guid.NewGuid().ToString("N")[..8];

    private static object Hook(string url, object? events = null, string format = "wecom", string? secret = null) =>
        secret is null
            ? new { url, events = events ?? new[] { "alert.raised" }, branchIds = Array.Empty<string>(), teamIds = Array.Empty<string>(), format }
            : new { url, events = events ?? new[] { "alert.raised" }, branchIds = Array.Empty<string>(), teamIds = Array.Empty<string>(), format, secret };

    [Fact]
    public async Task A_webhook_is_created_changed_listed_without_its_secret_and_deleted()
    {
        using var created = await _admin.PutAsJsonAsync($"/api/v1/webhooks/{_id}", Hook("https://93.184.215.14/robot"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["id", "url", "events", "branchIds", "teamIds", "format", "secret"], body.Select(p => p.Key));
        var secret = body["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);

        using var changed = await _admin.PutAsJsonAsync($"/api/v1/webhooks/{_id}", Hook("https://93.184.215.14/robot", new[] { "celebration", "campaign.finished" }, "dingtalk"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Null(JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["secret"]);

        var one = JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/webhooks/{_id}"))!.AsObject();
        Assert.Equal(["id", "url", "events", "branchIds", "teamIds", "format"], one.Select(p => p.Key));
        Assert.Equal("dingtalk", one["format"]!.GetValue<string>());
        var list = await _admin.GetStringAsync("/api/v1/webhooks");
        Assert.Contains(_id, list);
        Assert.DoesNotContain(secret[6..], list);
        Assert.Empty(JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/webhooks/{_id}/deliveries"))!["deliveries"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/webhooks/{_id}")).StatusCode);
        await AssertProblemAsync(await _admin.GetAsync($"/api/v1/webhooks/{_id}"), 404);
        await AssertProblemAsync(await _admin.DeleteAsync($"/api/v1/webhooks/{_id}"), 404);
    }

    [Fact]
    public async Task Only_an_admin_may_touch_webhooks()
    {
        using var supervisor = host.WithToken(TestTokens.Supervisor($"sup-{Guid.NewGuid():N}", teams: ["T1"]));
        await AssertProblemAsync(await supervisor.PutAsJsonAsync($"/api/v1/webhooks/{_id}", Hook("https://93.184.215.14/robot")), 403);
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/webhooks"), 403);
        await AssertProblemAsync(await _admin.GetAsync($"/api/v1/webhooks/{_id}"), 404);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://localhost/hook")]
    public async Task A_url_reaching_loopback_private_or_link_local_addresses_is_refused(string url)
    {
        var problem = await AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/v1/webhooks/{_id}", Hook(url)), 400);
        Assert.Equal(["url"], problem["errors"]!.AsObject().Select(e => e.Key));
        await AssertProblemAsync(await _admin.GetAsync($"/api/v1/webhooks/{_id}"), 404);
    }

    [Fact]
    public async Task A_bad_body_is_refused_naming_each_bad_field_and_nothing_is_stored()
    {
        var problem = await AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/v1/webhooks/{_id}",
            Hook("ftp://example.com/x", new[] { "alert.raised", "alert.exploded" }, "telegram", "whsec_short")), 400);
        Assert.Equal(["events[1]", "format", "secret", "url"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        await AssertProblemAsync(await _admin.GetAsync($"/api/v1/webhooks/{_id}"), 404);
        await AssertProblemAsync(await _admin.GetAsync($"/api/v1/webhooks/{_id}/deliveries?status=stuck"), 400);
    }
}
