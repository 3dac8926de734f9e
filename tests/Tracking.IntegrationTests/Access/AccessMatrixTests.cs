using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

/// <summary>The callers of the matrix: every role in scope of B1/T1, anonymous, and a token of each role scoped elsewhere.</summary>
public enum Who
{
    Anonymous,
    Admin,
    IngestOfB1,
    IngestOfEveryBranch,
    IngestOfB2,
    SupervisorOfT1BySupervisorIds,
    SupervisorOfT1ByTeamClaim,
    SupervisorOfB1ByBranchClaim,
    SupervisorOfNoTeam,
    SupervisorOfT2ByTeamClaim,
    SupervisorOfB2ByBranchClaim,
    DisplayOfB1,
    DisplayOfB2,
}

/// <summary>One request of every endpoint family of docs/api.md, about B1/T1/A1/C1 unless its name says otherwise.</summary>
public enum Op
{
    PutOrg,
    GetBranchB1,
    GetTeamT1,
    GetTeamT1b,
    GetMembersT1,
    GetAgentA1,
    GetAgentA2,
    PutTargets,
    GetTargetsB1,
    PostEventsB1,
    AgentStatsA1,
    AgentStatsA2,
    TeamStatsT1,
    TeamStatsT2,
    BranchStatsB1,
    BranchStatsB2,
    LeaderboardB1,
    LeaderboardB2,
    AlertsT1,
    AlertsT2,
    AckAlertT1,
    AckAlertT2,
    PutAlertRules,
    GetAlertRulesT1,
    PutCelebrationRulesB1,
    GetCelebrationRulesB1,
    GetCelebrationRulesB2,
    PutCampaignC1,
    GetCampaignC1,
    ScoreboardC1,
    GetCampaignC2,
    ScoreboardC2,
    PutRenewalsDue,
    RenewalsT1,
    RenewalsT2,
    RenewalGridT1,
    RenewalGridT2,
    GetVapidPublicKey,
    PostPushSubscription,
}

/// <summary>
/// The access table of docs/api.md ("Access control") as a matrix: every caller against every endpoint family,
/// each answer exactly 2xx, 401 or 403, and every refused write read back by an admin to show nothing was stored.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture fixture) : IClassFixture<AccessMatrixFixture>
{
    private static readonly Who[] T1Supervisors = [Who.Admin, Who.SupervisorOfT1BySupervisorIds, Who.SupervisorOfT1ByTeamClaim, Who.SupervisorOfB1ByBranchClaim];
    private static readonly Who[] T2Supervisors = [Who.Admin, Who.SupervisorOfT2ByTeamClaim, Who.SupervisorOfB2ByBranchClaim];
    private static readonly Who[] B1Boards = [.. T1Supervisors, Who.DisplayOfB1];
    private static readonly Who[] B2Boards = [.. T2Supervisors, Who.DisplayOfB2];

    /// <summary>Who may do each request: the rows of the access table, for this org.</summary>
    private static readonly Dictionary<Op, Who[]> Allowed = new()
    {
        [Op.PutOrg] = [Who.Admin],
        [Op.GetBranchB1] = B1Boards,
        [Op.GetTeamT1] = T1Supervisors,
        // T1b is in B1 but supervised by nobody: only the branch claim reaches it.
        [Op.GetTeamT1b] = [Who.Admin, Who.SupervisorOfB1ByBranchClaim],
        [Op.GetMembersT1] = T1Supervisors,
        [Op.GetAgentA1] = T1Supervisors,
        [Op.GetAgentA2] = T2Supervisors,
        [Op.PutTargets] = [Who.Admin],
        [Op.GetTargetsB1] = [Who.Admin, Who.SupervisorOfB1ByBranchClaim],
        [Op.PostEventsB1] = [Who.Admin, Who.IngestOfB1, Who.IngestOfEveryBranch],
        [Op.AgentStatsA1] = T1Supervisors,
        [Op.AgentStatsA2] = T2Supervisors,
        [Op.TeamStatsT1] = T1Supervisors,
        [Op.TeamStatsT2] = T2Supervisors,
        [Op.BranchStatsB1] = [Who.Admin, Who.SupervisorOfB1ByBranchClaim],
        [Op.BranchStatsB2] = [Who.Admin, Who.SupervisorOfB2ByBranchClaim],
        [Op.LeaderboardB1] = B1Boards,
        [Op.LeaderboardB2] = B2Boards,
        [Op.AlertsT1] = T1Supervisors,
        [Op.AlertsT2] = T2Supervisors,
        [Op.AckAlertT1] = T1Supervisors,
        [Op.AckAlertT2] = T2Supervisors,
        [Op.PutAlertRules] = [Who.Admin],
        [Op.GetAlertRulesT1] = T1Supervisors,
        [Op.PutCelebrationRulesB1] = [Who.Admin],
        [Op.GetCelebrationRulesB1] = B1Boards,
        [Op.GetCelebrationRulesB2] = B2Boards,
        [Op.PutCampaignC1] = [Who.Admin],
        // C1's participant is branch B1: supervisors with a team in B1 and B1's displays.
        [Op.GetCampaignC1] = B1Boards,
        [Op.ScoreboardC1] = B1Boards,
        // C2's participant is team T2: its supervisors, the B2 branch claim and B2's displays (T2 lies in B2).
        [Op.GetCampaignC2] = [.. T2Supervisors, Who.DisplayOfB2],
        [Op.ScoreboardC2] = [.. T2Supervisors, Who.DisplayOfB2],
        [Op.PutRenewalsDue] = [Who.Admin],
        [Op.RenewalsT1] = T1Supervisors,
        [Op.RenewalsT2] = T2Supervisors,
        [Op.RenewalGridT1] = T1Supervisors,
        [Op.RenewalGridT2] = T2Supervisors,
        [Op.GetVapidPublicKey] = [.. Enum.GetValues<Who>().Where(w => w != Who.Anonymous)],
        [Op.PostPushSubscription] = [Who.Admin, .. Enum.GetValues<Who>().Where(w => w.ToString().StartsWith("Supervisor", StringComparison.Ordinal))],
    };

    private static readonly Op[] Writes = [Op.PutOrg, Op.PutTargets, Op.PostEventsB1, Op.AckAlertT1, Op.AckAlertT2, Op.PutAlertRules, Op.PutCelebrationRulesB1, Op.PutCampaignC1, Op.PutRenewalsDue];

    public static TheoryData<Op, Who> Cases()
    {
        var cases = new TheoryData<Op, Who>();
        foreach (var op in Enum.GetValues<Op>())
            foreach (var who in Enum.GetValues<Who>()) cases.Add(op, who);
        return cases;
    }

    private AccessOrg Org => fixture.Org;

    private AccessHost Host => fixture.Host;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_caller_gets_exactly_what_the_access_table_allows_and_a_refused_write_stores_nothing(Op op, Who who)
    {
        Assert.True(Allowed.ContainsKey(op), $"no expectation for {op}");
        var expected = who == Who.Anonymous ? 401 : Allowed[op].Contains(who) ? 200 : 403;

        var answer = await SendAsync(op, who);
        // A created subscription is 201: success is any 2xx.
        if (answer.Status is 201) answer = answer with { Status = 200 };

        Assert.True(expected == answer.Status, $"{op} by {who}: expected {expected}, got {answer}");
        if (expected == 200)
        {
            Assert.NotNull(answer.Json);
        }
        else
        {
            Assert.Equal("application/problem+json", answer.MediaType);
            Assert.Equal(expected, answer.Json!["status"]!.GetValue<int>());
            if (expected == 401) Assert.StartsWith("Bearer", answer.WwwAuthenticate);
            else Assert.Equal("", answer.WwwAuthenticate);
        }
        if (Writes.Contains(op)) Assert.Equal(expected == 200, await WasStoredAsync(op, who));
    }

    [Fact]
    public async Task An_ingest_token_of_B1_posting_one_event_of_a_B2_agent_is_refused_whole_and_nothing_is_stored()
    {
        var before = await CallsTodayAsync(Org.A1);
        var beforeB = await CallsTodayAsync(Org.A1b);
        var at = Host.Ago(TimeSpan.FromMinutes(5));
        var events = new[]
        {
            AccessOrg.Call($"{Org.Prefix}-bola-1", Org.A1, at),
            AccessOrg.Call($"{Org.Prefix}-bola-2", Org.A1b, at),
            AccessOrg.Call($"{Org.Prefix}-bola-3", Org.A2, at),
            AccessOrg.Call($"{Org.Prefix}-bola-4", Org.A1, at),
        };

        var answer = await Host.SendAsync(HttpMethod.Post, "/api/v1/events", TestTokens.Ingest("crm-b1", Org.B1), new { events });

        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        var errors = answer.Json!["errors"]!.AsObject();
        Assert.Equal(["events[2].agentId"], errors.Select(e => e.Key));
        Assert.Contains(Org.A2, errors["events[2].agentId"]![0]!.GetValue<string>());
        Assert.Equal(before, await CallsTodayAsync(Org.A1));
        Assert.Equal(beforeB, await CallsTodayAsync(Org.A1b));
        // The same events by an admin are all new: none of them was stored by the refused request.
        var replay = await Host.AdminAsync(HttpMethod.Post, "/api/v1/events", new { events });
        Assert.Equal((4, 0), (replay["accepted"]!.GetValue<int>(), replay["duplicates"]!.GetValue<int>()));
        Assert.Equal(before + 2, await CallsTodayAsync(Org.A1));
    }

    [Fact]
    public async Task The_same_batch_without_the_B2_event_is_accepted_for_the_B1_ingest_token()
    {
        var before = await CallsTodayAsync(Org.A1b);
        var at = Host.Ago(TimeSpan.FromMinutes(5));
        var events = new[] { AccessOrg.Call($"{Org.Prefix}-own-1", Org.A1, at), AccessOrg.Call($"{Org.Prefix}-own-2", Org.A1b, at) };

        var answer = await Host.SendAsync(HttpMethod.Post, "/api/v1/events", TestTokens.Ingest("crm-b1", Org.B1), new { events });

        Assert.Equal(200, answer.Status);
        Assert.Equal((2, 0), (answer.Json!["accepted"]!.GetValue<int>(), answer.Json["duplicates"]!.GetValue<int>()));
        Assert.Equal(before + 1, await CallsTodayAsync(Org.A1b));
    }

    [Theory]
    [InlineData("/api/v1/teams/{prefix}-NOPE")]
    [InlineData("/api/v1/agents/{prefix}-NOPE/stats")]
    [InlineData("/api/v1/campaigns/{prefix}-NOPE")]
    [InlineData("/api/v1/branches/{prefix}-NOPE/leaderboard")]
    public async Task Something_unknown_is_404_for_an_admin_and_403_for_everyone_else_so_a_403_does_not_tell_it_exists(string path)
    {
        path = path.Replace("{prefix}", Org.Prefix, StringComparison.Ordinal);

        Assert.Equal(404, (await Host.GetAsync(path, TestTokens.Admin())).Status);
        foreach (var who in new[] { Who.SupervisorOfB1ByBranchClaim, Who.SupervisorOfT1BySupervisorIds, Who.DisplayOfB1 })
            Assert.True((await Host.GetAsync(path, TokenOf(who, Org))).Status == 403, $"{path} by {who}");
    }

    [Theory]
    [InlineData("no-dot-at-all", 403)]
    [InlineData("not%20an%20id.1", 403)]
    [InlineData("{T2}.999999", 403)]
    [InlineData("{T1}.999999", 404)]
    public async Task Acknowledging_an_alert_id_that_names_no_alert_of_the_supervisors_teams_is_refused_or_not_found(string alertId, int expected)
    {
        alertId = alertId.Replace("{T1}", Org.T1, StringComparison.Ordinal).Replace("{T2}", Org.T2, StringComparison.Ordinal);

        var answer = await Host.SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alertId}/ack", TokenOf(Who.SupervisorOfT1BySupervisorIds, Org));

        Assert.True(answer.Status == expected, $"{alertId}: {answer}");
        Assert.Equal("application/problem+json", answer.MediaType);
        // An admin passes the rule and learns that there is no such alert.
        Assert.Equal(404, (await Host.SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alertId}/ack", TestTokens.Admin())).Status);
    }

    private static string? TokenOf(Who who, AccessOrg org) => who switch
    {
        Who.Anonymous => null,
        Who.Admin => TestTokens.Admin(),
        Who.IngestOfB1 => TestTokens.Ingest("crm-b1", org.B1),
        Who.IngestOfEveryBranch => TestTokens.Ingest("crm-all"),
        Who.IngestOfB2 => TestTokens.Ingest("crm-b2", org.B2),
        Who.SupervisorOfT1BySupervisorIds => TestTokens.Supervisor(org.SupervisorOfT1),
        Who.SupervisorOfT1ByTeamClaim => TestTokens.Supervisor("u-team-claim", teams: [org.T1]),
        Who.SupervisorOfB1ByBranchClaim => TestTokens.Supervisor("u-branch-claim", branches: [org.B1]),
        Who.SupervisorOfNoTeam => TestTokens.Supervisor("u-nobody"),
        Who.SupervisorOfT2ByTeamClaim => TestTokens.Supervisor("u-team2-claim", teams: [org.T2]),
        Who.SupervisorOfB2ByBranchClaim => TestTokens.Supervisor("u-branch2-claim", branches: [org.B2]),
        Who.DisplayOfB1 => TestTokens.Display(org.B1),
        Who.DisplayOfB2 => TestTokens.Display(org.B2),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private Task<Answer> SendAsync(Op op, Who who)
    {
        var token = TokenOf(who, Org);
        var day = $"period=day&date={Host.Clock.GetUtcNow().ToOffset(AccessHost.Shanghai):yyyy-MM-dd}";
        Task<Answer> Get(string path) => Host.GetAsync(path, token);
        Task<Answer> Send(HttpMethod method, string path, object? body = null) => Host.SendAsync(method, path, token, body);
        return op switch
        {
            Op.PutOrg => Send(HttpMethod.Put, "/api/v1/org",
                new { branches = new[] { new { id = NewBranch(who), name = "New", timeZone = "Asia/Shanghai" } } }),
            Op.GetBranchB1 => Get($"/api/v1/branches/{Org.B1}"),
            Op.GetTeamT1 => Get($"/api/v1/teams/{Org.T1}"),
            Op.GetTeamT1b => Get($"/api/v1/teams/{Org.T1b}"),
            Op.GetMembersT1 => Get($"/api/v1/teams/{Org.T1}/members"),
            Op.GetAgentA1 => Get($"/api/v1/agents/{Org.A1}"),
            Op.GetAgentA2 => Get($"/api/v1/agents/{Org.A2}"),
            Op.PutTargets => Send(HttpMethod.Put, "/api/v1/targets",
                new { targets = new[] { new { scope = "team", id = Org.T1b, metric = "calls", period = "week", value = TargetMark(who) } } }),
            Op.GetTargetsB1 => Get($"/api/v1/branches/{Org.B1}/targets"),
            Op.PostEventsB1 => Send(HttpMethod.Post, "/api/v1/events", new { events = new[] { EventOf(who) } }),
            Op.AgentStatsA1 => Get($"/api/v1/agents/{Org.A1}/stats?{day}"),
            Op.AgentStatsA2 => Get($"/api/v1/agents/{Org.A2}/stats?{day}"),
            Op.TeamStatsT1 => Get($"/api/v1/teams/{Org.T1}/stats?{day}"),
            Op.TeamStatsT2 => Get($"/api/v1/teams/{Org.T2}/stats?{day}"),
            Op.BranchStatsB1 => Get($"/api/v1/branches/{Org.B1}/stats?{day}"),
            Op.BranchStatsB2 => Get($"/api/v1/branches/{Org.B2}/stats?{day}"),
            Op.LeaderboardB1 => Get($"/api/v1/branches/{Org.B1}/leaderboard?metric=calls&{day}"),
            Op.LeaderboardB2 => Get($"/api/v1/branches/{Org.B2}/leaderboard?metric=calls&{day}"),
            Op.AlertsT1 => Get($"/api/v1/teams/{Org.T1}/alerts"),
            Op.AlertsT2 => Get($"/api/v1/teams/{Org.T2}/alerts"),
            Op.AckAlertT1 => Send(HttpMethod.Post, $"/api/v1/alerts/{fixture.AlertOf(Org.T1Agent(who.ToString()))}/ack"),
            Op.AckAlertT2 => Send(HttpMethod.Post, $"/api/v1/alerts/{fixture.AlertOf(Org.T2Agent(who.ToString()))}/ack"),
            Op.PutAlertRules => Send(HttpMethod.Put, "/api/v1/alert-rules",
                new { rules = new[] { new { scope = "team", id = Org.T1b, behindPace = new { enabled = false }, cooldownMinutes = CooldownMark(who), dailyCapPerTeam = 1000 } } }),
            Op.GetAlertRulesT1 => Get($"/api/v1/teams/{Org.T1}/alert-rules"),
            Op.PutCelebrationRulesB1 => Send(HttpMethod.Put, $"/api/v1/branches/{Org.B1}/celebration-rules", new { burst = BurstMark(who) }),
            Op.GetCelebrationRulesB1 => Get($"/api/v1/branches/{Org.B1}/celebration-rules"),
            Op.GetCelebrationRulesB2 => Get($"/api/v1/branches/{Org.B2}/celebration-rules"),
            Op.PutCampaignC1 => Send(HttpMethod.Put, $"/api/v1/campaigns/{fixture.C1}",
                Org.Campaign(CampaignName(who), Host.Clock.GetUtcNow().AddDays(30), branchIds: [Org.B1])),
            Op.GetCampaignC1 => Get($"/api/v1/campaigns/{fixture.C1}"),
            Op.ScoreboardC1 => Get($"/api/v1/campaigns/{fixture.C1}/scoreboard"),
            Op.GetCampaignC2 => Get($"/api/v1/campaigns/{fixture.C2}"),
            Op.ScoreboardC2 => Get($"/api/v1/campaigns/{fixture.C2}/scoreboard"),
            Op.PutRenewalsDue => Send(HttpMethod.Put, "/api/v1/renewals/due",
                new { items = new[] { new { policyId = RenewalPolicy(who), agentId = Org.A1, dueDate = "2026-12-05", amount = 100m, policyYear = 2 } } }),
            Op.RenewalsT1 => Get($"/api/v1/teams/{Org.T1}/renewals"),
            Op.RenewalsT2 => Get($"/api/v1/teams/{Org.T2}/renewals"),
            Op.RenewalGridT1 => Get($"/api/v1/teams/{Org.T1}/renewals/grid"),
            Op.RenewalGridT2 => Get($"/api/v1/teams/{Org.T2}/renewals/grid?month=2026-12"),
            Op.GetVapidPublicKey => Get("/api/v1/push/vapid-public-key"),
            // A closed port on loopback: should an alert be raised meanwhile, its push fails at once and nothing leaves the machine.
            Op.PostPushSubscription => Send(HttpMethod.Post, "/api/v1/push-subscriptions", PushSubscriptionOf(who)),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    /// <summary>Whether the write of this case is there when an admin reads it back.</summary>
    private async Task<bool> WasStoredAsync(Op op, Who who)
    {
        var admin = TestTokens.Admin();
        switch (op)
        {
            case Op.PutOrg:
                var branch = await Host.GetAsync($"/api/v1/branches/{NewBranch(who)}", admin);
                Assert.True(branch.Status is 200 or 404, branch.ToString());
                return branch.Status == 200;
            case Op.PutTargets:
                var targets = await Host.GetAsync($"/api/v1/branches/{Org.B1}/targets", admin);
                return targets.Json!["targets"]!.AsArray().Any(t => t!["value"]!.GetValue<decimal>() == TargetMark(who));
            case Op.PostEventsB1:
                // Posted again by an admin, the event is a duplicate exactly when the case's request stored it.
                var replay = await Host.AdminAsync(HttpMethod.Post, "/api/v1/events", new { events = new[] { EventOf(who) } });
                return replay["duplicates"]!.GetValue<int>() == 1;
            case Op.AckAlertT1:
                return await IsAcknowledgedAsync(Org.T1, Org.T1Agent(who.ToString()));
            case Op.AckAlertT2:
                return await IsAcknowledgedAsync(Org.T2, Org.T2Agent(who.ToString()));
            case Op.PutAlertRules:
                var rules = await Host.GetAsync($"/api/v1/teams/{Org.T1b}/alert-rules", admin);
                return rules.Json!["cooldownMinutes"]!.GetValue<int>() == CooldownMark(who);
            case Op.PutCelebrationRulesB1:
                var celebrations = await Host.GetAsync($"/api/v1/branches/{Org.B1}/celebration-rules", admin);
                return celebrations.Json!["burst"]!.GetValue<int>() == BurstMark(who);
            case Op.PutCampaignC1:
                var campaign = await Host.GetAsync($"/api/v1/campaigns/{fixture.C1}", admin);
                return campaign.Json!["name"]!.GetValue<string>() == CampaignName(who);
            case Op.PutRenewalsDue:
                var renewals = await Host.GetAsync($"/api/v1/teams/{Org.T1}/renewals", admin);
                return renewals.Json!["items"]!.AsArray().Any(i => i!["policyId"]!.GetValue<string>() == RenewalPolicy(who));
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    /// <summary>The caller's own alert (of its own agent) is acknowledged, or still open as raised.</summary>
    private async Task<bool> IsAcknowledgedAsync(string teamId, string agentId)
    {
        var alert = (await fixture.AlertsAsync(teamId)).Single(a => a!["alertId"]!.GetValue<string>() == fixture.AlertOf(agentId));
        var status = alert!["status"]!.GetValue<string>();
        Assert.True(status is "open" or "acknowledged", $"{agentId}'s alert is {status}");
        return status == "acknowledged";
    }

    private string NewBranch(Who who) => $"{Org.Prefix}-N-{who}";

    private static int TargetMark(Who who) => 1000 + (int)who;

    private string RenewalPolicy(Who who) => $"{Org.Prefix}-R-{who}";

    private static int CooldownMark(Who who) => 100 + (int)who;

    private static int BurstMark(Who who) => 10 + (int)who;

    private static string CampaignName(Who who) => $"C1 set by {who}";

    private static object PushSubscriptionOf(Who who)
    {
        using var browser = new TestPushSubscriber();
        return browser.Subscription($"https://127.0.0.1:9/push/{who}");
    }

    private object EventOf(Who who) => AccessOrg.Call($"{Org.Prefix}-ev-{who}", Org.A1, Host.Ago(TimeSpan.FromMinutes(10)));

    private async Task<int> CallsTodayAsync(string agentId)
    {
        var day = Host.Clock.GetUtcNow().ToOffset(AccessHost.Shanghai).ToString("yyyy-MM-dd");
        var stats = await Host.GetAsync($"/api/v1/agents/{agentId}/stats?period=day&date={day}", TestTokens.Admin());
        Assert.Equal(200, stats.Status);
        return stats.Json!["metrics"]!["calls"]!.GetValue<int>();
    }
}
