using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;
using static Tracking.IntegrationTests.Api.ApiKeyTests;
using static Tracking.IntegrationTests.Infrastructure.ProblemAnswers;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// Rate limits per caller (docs/api.md, "Rate limits") on a host whose buckets are small
/// (<see cref="AccessOnHostFixture.IngestPerSecond"/>, <see cref="AccessOnHostFixture.ReadsPerSecond"/>): a flood is
/// answered 429 with Retry-After and stores nothing, while another caller at the same moment is not slowed.
/// </summary>
public sealed class RateLimitTests(AccessOnHostFixture host) : IClassFixture<AccessOnHostFixture>
{
    private const string Past = "2026-11-20T10:00:00+08:00";

    private readonly HttpClient _admin = host.WithToken(TestTokens.Admin($"admin-{Guid.NewGuid():N}"));

    private static object Call(OrgBuilder org, int agent, int n) =>
        new { events = new[] { new { eventId = $"{org.Prefix}-{agent}-{n}", agentId = org.Agent(agent), type = "call", occurredAt = Past } } };

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        var problem = await AssertProblemAsync(response, 429);
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem["type"]?.GetValue<string>());
        Assert.Contains("retry in", problem["detail"]!.GetValue<string>());
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1, retryAfter);
    }

    [Fact]
    public async Task A_flood_from_one_key_is_refused_429_and_not_stored_while_another_key_posts_at_the_same_moment()
    {
        const int flood = 40;
        const int calm = AccessOnHostFixture.IngestPerSecond;
        var org = await OrgAsync(_admin, (1, 1), (2, 1));
        var (_, noisyKey) = await CreateKeyAsync(_admin, "noisy", org.Branch);
        var (_, calmKey) = await CreateKeyAsync(_admin, "calm", org.Branch);
        using var noisy = host.WithApiKey(noisyKey);
        using var quiet = host.WithApiKey(calmKey);

        var noisyPosts = Enumerable.Range(0, flood).Select(n => noisy.PostAsJsonAsync("/api/v1/events", Call(org, 1, n))).ToList();
        var calmPosts = Enumerable.Range(0, calm).Select(n => quiet.PostAsJsonAsync("/api/v1/events", Call(org, 2, n))).ToList();
        var noisyAnswers = await Task.WhenAll(noisyPosts);
        var calmAnswers = await Task.WhenAll(calmPosts);

        Assert.All(calmAnswers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var accepted = noisyAnswers.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = noisyAnswers.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(flood, accepted + refused.Count);
        Assert.InRange(accepted, 2 * AccessOnHostFixture.IngestPerSecond, flood - 1);
        foreach (var response in refused) await AssertTooManyAsync(response);

        Assert.Equal(accepted, await CallsOn20thAsync(_admin, org.Agent(1)));
        Assert.Equal(calm, await CallsOn20thAsync(_admin, org.Agent(2)));
    }

    [Fact]
    public async Task Reads_have_a_bucket_per_token_subject()
    {
        const int flood = 4 * AccessOnHostFixture.ReadsPerSecond;
        using var other = host.WithToken(TestTokens.Admin($"other-{Guid.NewGuid():N}"));

        var floods = Enumerable.Range(0, flood).Select(_ => _admin.GetAsync("/api/v1/api-keys")).ToList();
        var others = Enumerable.Range(0, AccessOnHostFixture.ReadsPerSecond).Select(_ => other.GetAsync("/api/v1/api-keys")).ToList();
        var answers = await Task.WhenAll(floods);

        Assert.All(await Task.WhenAll(others), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refused = answers.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal(flood, refused.Count + answers.Count(r => r.StatusCode == HttpStatusCode.OK));
        await AssertTooManyAsync(refused[0]);
    }

    [Fact]
    public async Task Hub_calls_over_the_reads_rate_fail_saying_when_to_retry_and_the_connection_stays_usable()
    {
        var org = await OrgAsync(_admin, (1, 1));
        await using var connection = await host.ConnectHubAsync(TestTokens.Admin($"screen-{Guid.NewGuid():N}"));
        var topic = $"branch:{org.Branch}";

        HubException? limited = null;
        for (var i = 0; i < 4 * AccessOnHostFixture.ReadsPerSecond && limited is null; i++)
        {
            try
            {
                await connection.InvokeAsync<object>("Subscribe", topic);
            }
            catch (HubException e)
            {
                limited = e;
            }
        }

        Assert.NotNull(limited);
        Assert.Contains("Rate limited", limited.Message);
        Assert.Matches(@"retry in \d+ s", limited.Message);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await connection.InvokeAsync<object>("Subscribe", topic);
    }

    [Fact]
    public async Task The_openapi_document_declares_429_where_a_limit_applies()
    {
        var paths = JsonNode.Parse(await _admin.GetStringAsync("/openapi/v1.json"))!["paths"]!;

        Assert.NotNull(paths["/api/v1/events"]!["post"]!["responses"]!["429"]);
        Assert.NotNull(paths["/api/v1/api-keys"]!["get"]!["responses"]!["429"]);
        Assert.NotNull(paths["/api/v1/agents/{id}/stats"]!["get"]!["responses"]!["429"]);
        Assert.Null(paths["/api/v1/api-keys"]!["post"]!["responses"]!["429"]);
    }

    [Fact]
    public async Task With_access_control_off_nothing_is_limited()
    {
        var (app, address) = await TrackingHostFixture.StartHostAsync("--Limits:IngestPerSecond=1", "--Limits:ReadsPerSecond=1");
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.GetAsync("/api/v1/api-keys")));
            Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
