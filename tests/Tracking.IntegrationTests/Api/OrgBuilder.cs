namespace Tracking.IntegrationTests.Api;

/// <summary>A small organisation with ids unique to one test, so tests can share one host.</summary>
public sealed class OrgBuilder
{
    public OrgBuilder(string timeZone = "Asia/Shanghai")
    {
        Prefix = "X" + Guid.NewGuid().ToString("N")[..8];
        TimeZone = timeZone;
    }

    public string Prefix { get; }

    public string TimeZone { get; }

    public string Branch => Prefix;

    public string Team(int n) => $"{Prefix}-T{n}";

    public string Agent(int n) => $"{Prefix}-A{n}";

    public object Org(int teams, params (int Agent, int Team)[] agents) => new
    {
        branches = new[] { new { id = Branch, name = "Branch " + Prefix, timeZone = TimeZone } },
        teams = Enumerable.Range(1, teams).Select(t => new { id = Team(t), branchId = Branch, name = $"Team {t}", supervisorIds = new[] { "sup-" + t } }).ToArray(),
        agents = agents.Select(a => new { id = Agent(a.Agent), teamId = Team(a.Team), name = $"Agent {a.Agent}", active = true, effectiveFrom = "2026-01-01T00:00:00+08:00" }).ToArray(),
    };

    private int _event;

    public object Call(int agent, string occurredAt) => new { eventId = $"{Prefix}-e{++_event}", agentId = Agent(agent), type = "call", occurredAt };

    public object Visit(int agent, string occurredAt, string kind = "sales", bool proactive = true, string customerClass = "A") =>
        new { eventId = $"{Prefix}-e{++_event}", agentId = Agent(agent), type = "visit", occurredAt, visit = new { kind, proactive, customerClass } };

    public object Policy(int agent, string occurredAt, string policyId, decimal premium) =>
        new { eventId = $"{Prefix}-e{++_event}", agentId = Agent(agent), type = "policy", occurredAt, policy = new { policyId = Prefix + policyId, premium } };

    public object Cancellation(int agent, string occurredAt, string policyId) =>
        new { eventId = $"{Prefix}-e{++_event}", agentId = Agent(agent), type = "cancellation", occurredAt, cancellation = new { policyId = Prefix + policyId } };

    public object Renewal(int agent, string occurredAt, string policyId, decimal amount, int policyYear) =>
        new { eventId = $"{Prefix}-e{++_event}", agentId = Agent(agent), type = "renewal", occurredAt, renewal = new { policyId = Prefix + policyId, amount, policyYear } };
}
