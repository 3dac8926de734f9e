using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Access;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Campaigns;

/// <summary>
/// <c>GET /api/v1/campaigns</c> on a host with access control on: the status and branch filters, and each caller
/// shown only the campaigns it may read one by one. Three campaigns of the <see cref="AccessOrg"/>, seen half an
/// hour after they were set up: CC (agent A1 of B1, a quarter of an hour, over), CB (team T2 of B2, running), CA
/// (branch B1, two days ahead).
/// </summary>
public sealed class CampaignListTests : IAsyncLifetime
{
    private readonly AccessOrg _org = new();
    private AccessHost _host = null!;

    private string CA => $"{_org.Prefix}-CA";
    private string CB => $"{_org.Prefix}-CB";
    private string CC => $"{_org.Prefix}-CC";

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/org", _org.Org());
        var now = _host.Clock.GetUtcNow();
        await _host.AdminAsync(HttpMethod.Put, $"/api/v1/campaigns/{CA}", Campaign("CA", now.AddDays(2), now.AddDays(3), branchIds: [_org.B1]));
        await _host.AdminAsync(HttpMethod.Put, $"/api/v1/campaigns/{CB}", Campaign("CB", now.AddMinutes(10), now.AddDays(1), teamIds: [_org.T2]));
        await _host.AdminAsync(HttpMethod.Put, $"/api/v1/campaigns/{CC}", Campaign("CC", now.AddMinutes(5), now.AddMinutes(20), agentIds: [_org.A1]));
        _host.Clock.Advance(TimeSpan.FromMinutes(30));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_admin_lists_every_campaign_by_start_each_as_GET_campaign_shows_it()
    {
        var listed = await ListAsync("", TestTokens.Admin());
        Assert.Equal([CC, CB, CA], Ids(listed));
        Assert.Equal(["finished", "running", "scheduled"], listed.Select(c => c!["status"]!.GetValue<string>()));
        foreach (var campaign in listed)
        {
            var one = await _host.GetAsync($"/api/v1/campaigns/{campaign!["campaignId"]}", TestTokens.Admin());
            Assert.True(JsonNode.DeepEquals(one.Json, campaign), $"listed {campaign.ToJsonString()}, alone {one.Text}");
        }
    }

    [Theory]
    [InlineData("?status=scheduled", "CA")]
    [InlineData("?status=running", "CB")]
    [InlineData("?status=finished", "CC")]
    [InlineData("?branchId={B1}", "CC,CA")]
    [InlineData("?branchId={B2}", "CB")]
    [InlineData("?status=running&branchId={B1}", "")]
    [InlineData("?status=scheduled&branchId={B1}", "CA")]
    [InlineData("?branchId=NO-SUCH-BRANCH", "")]
    public async Task The_filters_keep_the_campaigns_of_a_status_and_of_a_branch(string query, string expected)
    {
        var listed = await ListAsync(query.Replace("{B1}", _org.B1).Replace("{B2}", _org.B2), TestTokens.Admin());
        Assert.Equal(Expected(expected), Ids(listed));
    }

    [Theory]
    [InlineData("?status=over")]
    [InlineData("?status=Running")]
    [InlineData("?branchId=a%20b")]
    public async Task A_bad_filter_is_a_400_problem(string query)
    {
        var answer = await _host.GetAsync("/api/v1/campaigns" + query, TestTokens.Admin());
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
    }

    [Theory]
    [InlineData("supervisorOfT1", "CC,CA")]
    [InlineData("supervisorOfT1b", "CA")]
    [InlineData("supervisorOfB2", "CB")]
    [InlineData("supervisorOfNoTeam", "")]
    [InlineData("displayOfB1", "CC,CA")]
    [InlineData("displayOfB2", "CB")]
    public async Task Supervisors_and_displays_see_only_the_campaigns_in_their_scope(string who, string expected)
    {
        var token = who switch
        {
            "supervisorOfT1" => TestTokens.Supervisor(_org.SupervisorOfT1),
            "supervisorOfT1b" => TestTokens.Supervisor("u-t1b", teams: [_org.T1b]),
            "supervisorOfB2" => TestTokens.Supervisor("u-b2", branches: [_org.B2]),
            "supervisorOfNoTeam" => TestTokens.Supervisor("u-nobody"),
            "displayOfB1" => TestTokens.Display(_org.B1),
            _ => TestTokens.Display(_org.B2),
        };
        Assert.Equal(Expected(expected), Ids(await ListAsync("", token)));
        // The filters narrow what the caller may see, never widen it.
        Assert.Empty(Ids(await ListAsync($"?branchId={(expected.Contains("CB") ? _org.B1 : _org.B2)}", token)));
    }

    [Fact]
    public async Task Ingest_callers_are_refused_and_anonymous_ones_challenged()
    {
        Assert.Equal(403, (await _host.GetAsync("/api/v1/campaigns", TestTokens.Ingest("crm-all"))).Status);
        Assert.Equal(401, (await _host.GetAsync("/api/v1/campaigns", null)).Status);
    }

    private async Task<JsonArray> ListAsync(string query, string token)
    {
        var answer = await _host.GetAsync("/api/v1/campaigns" + query, token);
        Assert.True(answer.Status == 200, answer.ToString());
        return answer.Json!["campaigns"]!.AsArray();
    }

    /// <summary>The ids of this test's campaigns in the list, in its order.</summary>
    private string[] Ids(JsonArray campaigns) => campaigns.Select(c => c!["campaignId"]!.GetValue<string>())
        .Where(id => id.StartsWith(_org.Prefix + "-", StringComparison.Ordinal)).ToArray();

    private string[] Expected(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => $"{_org.Prefix}-{n}").ToArray();

    private static object Campaign(string name, DateTimeOffset startsAt, DateTimeOffset endsAt,
        string[]? branchIds = null, string[]? teamIds = null, string[]? agentIds = null) => new
    {
        name, metric = "fyp", unit = "agent",
        startsAt = startsAt.ToOffset(AccessHost.Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        endsAt = endsAt.ToOffset(AccessHost.Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        participants = new { branchIds = branchIds ?? [], teamIds = teamIds ?? [], agentIds = agentIds ?? [] },
        graceMinutes = 0,
    };
}
