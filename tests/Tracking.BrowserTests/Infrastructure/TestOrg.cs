using System.Globalization;

namespace Tracking.BrowserTests.Infrastructure;

/// <summary>
/// An organisation with ids unique to one test (tests share one host). Its branch works every day around
/// the clock (00:00-23:59), in a time zone where it is mid-day now, so "today" cannot roll over during a
/// test and alerts (which only fire in working time) can fire whenever the tests run.
/// </summary>
public sealed class TestOrg
{
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"];
    private readonly List<(string Name, int Team)> _agents = [];
    private readonly string[] _teamNames;
    private int _event;

    /// <summary>A branch of two teams and five agents with Chinese and Latin names (agents 1–2 in team 1, 3–5 in team 2).</summary>
    public static TestOrg SmallBranch() => new("福田营业部", ["一组", "二组"],
        ("王芳", 1), ("李娜", 1), ("Wang Fang", 2), ("欧阳娜娜", 2), ("张伟", 2));

    /// <param name="teams">Team names (team n is teams[n - 1]).</param>
    /// <param name="agents">Agent names with their team number (agent n is agents[n - 1]).</param>
    public TestOrg(string branchName, string[] teams, params (string Name, int Team)[] agents)
    {
        Prefix = "B" + Guid.NewGuid().ToString("N")[..8];
        BranchName = branchName;
        _teamNames = teams;
        _agents.AddRange(agents);
        TimeZone = Zones.First(id => Local(DateTimeOffset.UtcNow, id).Hour is >= 3 and <= 20);
    }

    public string Prefix { get; }

    public string BranchName { get; }

    public string TimeZone { get; }

    public string Branch => Prefix;

    public string Team(int n) => $"{Prefix}-T{n}";

    public string Agent(int n) => $"{Prefix}-A{n}";

    public string AgentName(int n) => _agents[n - 1].Name;

    public int AgentCount => _agents.Count;

    public object Org() => new
    {
        branches = new[]
        {
            new
            {
                id = Branch, name = BranchName, timeZone = TimeZone,
                workingDays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" },
                workingHours = new { start = "00:00", end = "23:59" },
            },
        },
        teams = _teamNames.Select((name, i) => new { id = Team(i + 1), branchId = Branch, name, supervisorIds = new[] { "sup-" + (i + 1) } }).ToArray(),
        agents = _agents.Select((a, i) => new { id = Agent(i + 1), teamId = Team(a.Team), name = a.Name, active = true, effectiveFrom = "2000-01-01T00:00:00+00:00" }).ToArray(),
    };

    /// <summary>Now in the branch's zone, to the millisecond (a moment ago, so the server never sees it in the future).</summary>
    public string Now => Local(DateTimeOffset.UtcNow.AddMilliseconds(-200), TimeZone).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>Noon of an earlier day of this month in the branch's zone, or null when that day is not before today.</summary>
    public string? EarlierThisMonth(int day)
    {
        var today = Local(DateTimeOffset.UtcNow, TimeZone);
        if (day >= today.Day) return null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var noon = new DateTime(today.Year, today.Month, day, 12, 0, 0, DateTimeKind.Unspecified);
        return Format(new DateTimeOffset(noon, zone.GetUtcOffset(noon)));
    }

    public object Policy(int agent, decimal premium, string? at = null) => new
    {
        eventId = $"{Prefix}-e{Interlocked.Increment(ref _event)}", agentId = Agent(agent), type = "policy", occurredAt = at ?? Now,
        policy = new { policyId = $"{Prefix}-P{_event}", premium },
    };

    public object Call(int agent, string? at = null) =>
        new { eventId = $"{Prefix}-e{Interlocked.Increment(ref _event)}", agentId = Agent(agent), type = "call", occurredAt = at ?? Now };

    public object Visit(int agent, bool proactive = true, string? at = null) => new
    {
        eventId = $"{Prefix}-e{Interlocked.Increment(ref _event)}", agentId = Agent(agent), type = "visit", occurredAt = at ?? Now,
        visit = new { kind = "sales", proactive, customerClass = "A" },
    };

    /// <summary>Today in the branch's zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Local(DateTimeOffset.UtcNow, TimeZone).DateTime);

    /// <summary>A policy id unique to this organisation.</summary>
    public string PolicyId(string name) => $"{Prefix}-{name}";

    /// <summary>A renewal due item of <see cref="PolicyId"/>(<paramref name="policy"/>) for <c>PUT /api/v1/renewals/due</c>.</summary>
    public object RenewalDue(string policy, int agent, DateOnly dueDate, decimal amount, int policyYear) => new
    {
        policyId = PolicyId(policy), agentId = Agent(agent), dueDate = dueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), amount, policyYear,
    };

    /// <summary>Renewal premium collected now for <see cref="PolicyId"/>(<paramref name="policy"/>).</summary>
    public object Renewal(int agent, string policy, decimal amount, int policyYear) => new
    {
        eventId = $"{Prefix}-e{Interlocked.Increment(ref _event)}", agentId = Agent(agent), type = "renewal", occurredAt = Now,
        renewal = new { policyId = PolicyId(policy), amount, policyYear },
    };

    /// <summary>Per-agent standards for the branch: calls a day, visits and proactive visits a week, policies and FYP a month.</summary>
    public object Standards(decimal fypMonth = 60000m) => new
    {
        targets = new object[]
        {
            new { scope = "branch", id = Branch, metric = "calls", period = "day", value = 8 },
            new { scope = "branch", id = Branch, metric = "visits", period = "week", value = 15 },
            new { scope = "branch", id = Branch, metric = "proactiveVisits", period = "week", value = 10 },
            new { scope = "branch", id = Branch, metric = "policies", period = "month", value = 6 },
            new { scope = "branch", id = Branch, metric = "fyp", period = "month", value = fypMonth },
        },
    };

    private static DateTimeOffset Local(DateTimeOffset instant, string zone) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone));

    private static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
