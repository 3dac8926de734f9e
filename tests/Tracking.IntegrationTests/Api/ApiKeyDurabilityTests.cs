using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;
using static Tracking.IntegrationTests.Api.ApiKeyTests;
using static Tracking.IntegrationTests.Infrastructure.ProblemAnswers;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// API keys in durable mode: kept in PostgreSQL as salted hashes only, valid after a restart, and revoked for the
/// whole cluster at once (a key revoked through one node is refused by another on its next request).
/// </summary>
public sealed class ApiKeyDurabilityTests : IAsyncLifetime
{
    private TemporaryDatabase _database = null!;
    private readonly List<WebApplication> _running = [];

    public async Task InitializeAsync() => _database = await TemporaryDatabase.CreateAsync("apikeys");

    public async Task DisposeAsync()
    {
        foreach (var app in _running.ToList()) await StopAsync(app);
        await _database.DisposeAsync();
    }

    private async Task<(WebApplication App, HttpClient Admin)> StartNodeAsync()
    {
        var (app, address) = await TrackingHostFixture.StartHostAsync($"--ConnectionStrings:Tracking={_database.ConnectionString}", TestTokens.Setting);
        _running.Add(app);
        var admin = new HttpClient { BaseAddress = address, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin()) } };
        return (app, admin);
    }

    private async Task StopAsync(WebApplication app)
    {
        _running.Remove(app);
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private Task<long> StateRowsHoldingAsync(string text) => _database.ScalarAsync<long>(
        "SELECT count(*) FROM orleans_grain_state WHERE payload IS NOT NULL AND position($1::bytea in payload) > 0", Encoding.UTF8.GetBytes(text));

    private static HttpRequestMessage PostCall(OrgBuilder org, string key, string eventId) => new(HttpMethod.Post, "/api/v1/events")
    {
        Headers = { { "X-Api-Key", key } },
        Content = JsonContent.Create(new { events = new[] { new { eventId = $"{org.Prefix}-{eventId}", agentId = org.Agent(1), type = "call", occurredAt = "2026-11-20T10:00:00+08:00" } } }),
    };

    [Fact]
    public async Task A_key_is_stored_as_a_hash_survives_a_restart_and_a_revoke_through_one_node_holds_on_another()
    {
        var (first, admin) = await StartNodeAsync();
        var org = await OrgAsync(admin, (1, 1));
        var (id, key) = await CreateKeyAsync(admin, "crm", org.Branch);

        Assert.Equal(1L, await StateRowsHoldingAsync(id));
        Assert.Equal(0L, await StateRowsHoldingAsync(key));
        Assert.Equal(0L, await StateRowsHoldingAsync(key[17..]));
        await StopAsync(first);

        var (_, nodeA) = await StartNodeAsync();
        var (_, nodeB) = await StartNodeAsync();
        Assert.Equal(HttpStatusCode.OK, (await nodeA.SendAsync(PostCall(org, key, "e1"))).StatusCode);
        var listed = Assert.Single(JsonNode.Parse(await nodeB.GetStringAsync("/api/v1/api-keys"))!.AsArray());
        Assert.Equal((id, "crm"), (listed!["id"]!.GetValue<string>(), listed["name"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await nodeB.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        await AssertProblemAsync(await nodeA.SendAsync(PostCall(org, key, "e2")), 401);
        Assert.Equal(1m, await CallsOn20thAsync(nodeA, org.Agent(1)));
    }
}
