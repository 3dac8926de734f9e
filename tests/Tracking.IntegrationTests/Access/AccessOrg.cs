namespace Tracking.IntegrationTests.Access;

/// <summary>
/// The organisation the access tests run against, ids unique to one test: branch B1 with teams T1 (supervised, by
/// <c>supervisorIds</c>, by <see cref="SupervisorOfT1"/>) and T1b, branch B2 with team T2; agent A1 in T1, A1b in
/// T1b, A2 in T2, and any number of further agents in T1 and T2.
/// </summary>
public sealed class AccessOrg(string? supervisorOfT1 = null)
{
    public string Prefix { get; } = "Z" + Guid.NewGuid().ToString("N")[..8];

    public string SupervisorOfT1 => supervisorOfT1 ?? $"u-{Prefix}-t1";

    public string B1 => $"{Prefix}-B1";
    public string B2 => $"{Prefix}-B2";
    public string T1 => $"{Prefix}-T1";
    public string T1b => $"{Prefix}-T1b";
    public string T2 => $"{Prefix}-T2";
    public string A1 => $"{Prefix}-A1";
    public string A1b => $"{Prefix}-A1b";
    public string A2 => $"{Prefix}-A2";

    /// <summary>A further agent of T1, e.g. one per caller whose alert that caller tries to acknowledge.</summary>
    public string T1Agent(string name) => $"{Prefix}-A1-{name}";

    /// <summary>A further agent of T2.</summary>
    public string T2Agent(string name) => $"{Prefix}-A2-{name}";

    /// <param name="furtherAgents">Names of further agents: each gives one agent in T1 and one in T2.</param>
    /// <param name="t1Supervisors">T1's <c>supervisorIds</c>; default <see cref="SupervisorOfT1"/>.</param>
    public object Org(IReadOnlyList<string>? furtherAgents = null, IReadOnlyList<string>? t1Supervisors = null) => new
    {
        branches = new[] { Branch(B1), Branch(B2) },
        teams = new object[]
        {
            new { id = T1, branchId = B1, name = "Team 1", supervisorIds = t1Supervisors ?? [SupervisorOfT1] },
            new { id = T1b, branchId = B1, name = "Team 1b", supervisorIds = Array.Empty<string>() },
            new { id = T2, branchId = B2, name = "Team 2", supervisorIds = new[] { $"u-{Prefix}-t2" } },
        },
        agents = new[] { Agent(A1, T1), Agent(A1b, T1b), Agent(A2, T2) }
            .Concat((furtherAgents ?? []).Select(name => Agent(T1Agent(name), T1)))
            .Concat((furtherAgents ?? []).Select(name => Agent(T2Agent(name), T2)))
            .ToArray(),
    };

    /// <summary>Branch B1's alert rules: only quietness (two working hours), and no daily cap in the way.</summary>
    public object QuietAlertRules() => new
    {
        rules = new[] { B1, B2 }.Select(branch => new
        {
            scope = "branch", id = branch,
            behindPace = new { enabled = false },
            inactive = new { enabled = true, workingHours = 2 },
            dailyCapPerTeam = 1000,
        }).ToArray(),
    };

    public object Campaign(string name, DateTimeOffset startsAt, string[]? branchIds = null, string[]? teamIds = null) => new
    {
        name, metric = "fyp", unit = "agent",
        startsAt = startsAt.ToOffset(AccessHost.Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        endsAt = startsAt.AddDays(1).ToOffset(AccessHost.Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        participants = new { branchIds = branchIds ?? [], teamIds = teamIds ?? [], agentIds = Array.Empty<string>() },
        graceMinutes = 0,
    };

    public static object Call(string eventId, string agentId, string occurredAt) => new { eventId, agentId, type = "call", occurredAt };

    public static object Visit(string eventId, string agentId, string occurredAt) =>
        new { eventId, agentId, type = "visit", occurredAt, visit = new { kind = "sales", proactive = true, customerClass = "A" } };

    public static object Policy(string eventId, string agentId, string occurredAt, decimal premium) =>
        new { eventId, agentId, type = "policy", occurredAt, policy = new { policyId = "P-" + eventId, premium } };

    private static object Branch(string id) => new { id, name = "Branch " + id, timeZone = "Asia/Shanghai" };

    private static object Agent(string id, string teamId) =>
        new { id, teamId, name = "Agent " + id, active = true, effectiveFrom = "2026-01-01T00:00:00+08:00" };
}
