using System.Globalization;

namespace Tracking.Clients.Common.Workload;

/// <summary>One branch office: its zone, working week and hours, naming style and premium scale (its currency's size).</summary>
public sealed record BranchTemplate(
    string Code, string Name, string TimeZone, NameStyle Style, double PremiumScale, string[] WorkingDays, TimeOnly WorkStart, TimeOnly WorkEnd);

public sealed record AgentPlan(
    string Id, string Name, string TeamId, string BranchId, double Activity, double Skill, decimal MonthlyFypPlan);

public sealed record TeamPlan(string Id, string BranchId, string Name, string SupervisorId, AgentPlan[] Agents);

public sealed record BranchPlan(int Index, string Id, BranchTemplate Template, TimeZoneInfo Zone, TeamPlan[] Teams)
{
    public IEnumerable<AgentPlan> Agents => Teams.SelectMany(t => t.Agents);
}

/// <summary>What organisation to generate.</summary>
public sealed record OrganisationSpec
{
    /// <summary>Agents in total, spread evenly over the branches, in teams of 8 to 15.</summary>
    public int Agents { get; init; } = 120;

    public int Branches { get; init; } = 4;

    /// <summary>Prefixed to every branch, team and agent id, so several organisations can share one server.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Put every branch in this zone instead of its own (a benchmark wants "today" to last through the run).</summary>
    public string? TimeZoneOverride { get; init; }

    public int MinTeamSize { get; init; } = 8;
    public int MaxTeamSize { get; init; } = 15;
}

/// <summary>
/// A realistic sales force: branches in Shanghai, Hong Kong, London and New York time, teams of 8–15 agents
/// with Chinese or English names, each agent with an activity level, a sales skill and a monthly FYP plan.
/// Generated from a seed, so the same seed gives the same organisation.
/// </summary>
public sealed class Organisation
{
    private static readonly string[] MondayToFriday = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    private static readonly string[] MondayToSaturday = [.. MondayToFriday, "saturday"];

    /// <summary>The branch offices, in the order branches are created (the first four cover the four zones).</summary>
    public static readonly BranchTemplate[] Templates =
    [
        new("SZ01", "深圳福田营业部", "Asia/Shanghai", NameStyle.Mandarin, 1.0, MondayToSaturday, new(9, 0), new(18, 0)),
        new("HK01", "Hong Kong Central Branch", "Asia/Hong_Kong", NameStyle.HongKong, 1.6, MondayToFriday, new(9, 0), new(18, 0)),
        new("LN01", "City of London Branch", "Europe/London", NameStyle.English, 0.22, MondayToFriday, new(9, 0), new(17, 30)),
        new("NY01", "Manhattan Branch", "America/New_York", NameStyle.English, 0.28, MondayToFriday, new(9, 0), new(17, 0)),
        new("SH01", "上海浦东营业部", "Asia/Shanghai", NameStyle.Mandarin, 1.1, MondayToSaturday, new(9, 0), new(18, 0)),
        new("BJ01", "北京朝阳营业部", "Asia/Shanghai", NameStyle.Mandarin, 1.05, MondayToSaturday, new(9, 0), new(18, 0)),
        new("HK02", "Kowloon Bay Branch", "Asia/Hong_Kong", NameStyle.HongKong, 1.5, MondayToFriday, new(9, 0), new(18, 0)),
        new("GZ01", "广州天河营业部", "Asia/Shanghai", NameStyle.Mandarin, 0.95, MondayToSaturday, new(9, 0), new(18, 0)),
        new("NY02", "Flushing Branch", "America/New_York", NameStyle.English, 0.26, MondayToFriday, new(9, 0), new(17, 0)),
        new("LN02", "Canary Wharf Branch", "Europe/London", NameStyle.English, 0.24, MondayToFriday, new(9, 0), new(17, 30)),
        new("CD01", "成都锦江营业部", "Asia/Shanghai", NameStyle.Mandarin, 0.85, MondayToSaturday, new(9, 0), new(18, 0)),
        new("HZ01", "杭州西湖营业部", "Asia/Shanghai", NameStyle.Mandarin, 1.0, MondayToSaturday, new(9, 0), new(18, 0)),
    ];

    private Organisation(BranchPlan[] branches, string prefix)
    {
        Branches = branches;
        Prefix = prefix;
        Agents = branches.SelectMany(b => b.Agents).ToArray();
        AgentsById = Agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        BranchesById = branches.ToDictionary(b => b.Id, StringComparer.Ordinal);
    }

    public string Prefix { get; }
    public BranchPlan[] Branches { get; }
    public AgentPlan[] Agents { get; }
    public IReadOnlyDictionary<string, AgentPlan> AgentsById { get; }
    public IReadOnlyDictionary<string, BranchPlan> BranchesById { get; }
    public IEnumerable<TeamPlan> Teams => Branches.SelectMany(b => b.Teams);

    public BranchPlan BranchOf(AgentPlan agent) => BranchesById[agent.BranchId];

    public static Organisation Generate(OrganisationSpec spec, int seed)
    {
        if (spec.Branches < 1) throw new ArgumentException("At least one branch is needed.");
        if (spec.Agents < spec.Branches) throw new ArgumentException("At least one agent per branch is needed.");
        var random = new Random(seed);
        var branches = new BranchPlan[spec.Branches];
        var agentNumber = 1000;
        for (var b = 0; b < spec.Branches; b++)
        {
            var template = Templates[b % Templates.Length];
            if (b >= Templates.Length)
                // The template's own code with a suffix: two templates share a city (HK01, HK02), so a city and a number could collide.
                template = template with { Code = $"{template.Code}-{b / Templates.Length + 1}", Name = $"{template.Name} {b / Templates.Length + 1}" };
            if (spec.TimeZoneOverride is { } zone) template = template with { TimeZone = zone };
            var branchId = spec.Prefix + template.Code;
            var headcount = spec.Agents / spec.Branches + (b < spec.Agents % spec.Branches ? 1 : 0);
            var sizes = TeamSizes(headcount, spec.MinTeamSize, spec.MaxTeamSize, random);
            var teams = new TeamPlan[sizes.Length];
            for (var t = 0; t < sizes.Length; t++)
            {
                var teamId = $"{branchId}-T{t + 1:00}";
                var agents = new AgentPlan[sizes[t]];
                for (var a = 0; a < agents.Length; a++)
                {
                    var activity = Math.Clamp(LogNormal(random, 0, 0.3), 0.5, 1.8);
                    var skill = Math.Clamp(LogNormal(random, 0, 0.4), 0.4, 2.5);
                    // Plans follow the branch's currency and the agent's record: rounded to 1,000 (to 100 in GBP/USD).
                    var plan = 30_000 * template.PremiumScale * Math.Clamp(LogNormal(random, 0, 0.35), 0.5, 2.5);
                    var step = template.PremiumScale < 0.5 ? 100 : 1000;
                    var rounded = Math.Max(step, Math.Round(plan / step) * step);
                    agents[a] = new AgentPlan($"{spec.Prefix}A{++agentNumber}", Names.Person(template.Style, random), teamId, branchId,
                        activity, skill, (decimal)rounded);
                }
                teams[t] = new TeamPlan(teamId, branchId, Names.Team(template.Style, t), $"u-{teamId.ToLowerInvariant()}", agents);
            }
            branches[b] = new BranchPlan(b, branchId, template, FindZone(template.TimeZone), teams);
        }
        return new Organisation(branches, spec.Prefix);
    }

    /// <summary>Team sizes between min and max adding up to the headcount (a branch smaller than min is one team).</summary>
    private static int[] TeamSizes(int headcount, int min, int max, Random random)
    {
        var fewest = (headcount + max - 1) / max;
        var most = Math.Max(1, headcount / min);
        var count = fewest > most ? Math.Max(1, fewest) : Math.Clamp((int)Math.Round(headcount / ((min + max) / 2.0)), fewest, most);
        var sizes = Enumerable.Range(0, count).Select(i => headcount / count + (i < headcount % count ? 1 : 0)).ToArray();
        // Uneven teams, within the bounds: move agents between random pairs of teams.
        for (var n = 0; n < count * 3; n++)
        {
            int from = random.Next(count), to = random.Next(count);
            if (from != to && sizes[from] > min && sizes[to] < max) { sizes[from]--; sizes[to]++; }
        }
        return sizes;
    }

    /// <summary>The body of <c>PUT /api/v1/org</c> for the branches and teams (no agents).</summary>
    public object StructureRequest() => new
    {
        branches = Branches.Select(b => new
        {
            id = b.Id,
            name = b.Template.Name,
            timeZone = b.Template.TimeZone,
            workingDays = b.Template.WorkingDays,
            workingHours = new { start = b.Template.WorkStart.ToString("HH:mm", CultureInfo.InvariantCulture), end = b.Template.WorkEnd.ToString("HH:mm", CultureInfo.InvariantCulture) },
        }),
        teams = Teams.Select(t => new { id = t.Id, branchId = t.BranchId, name = t.Name, supervisorIds = new[] { t.SupervisorId } }),
    };

    /// <summary>
    /// The body of <c>PUT /api/v1/org</c> for one branch's agents, joining at <paramref name="effectiveFrom"/>
    /// (local midnight of that date in the branch's zone), so events replayed from that date on count for their teams.
    /// </summary>
    public object AgentsRequest(BranchPlan branch, DateOnly effectiveFrom) => new
    {
        agents = branch.Agents.Select(a => new
        {
            id = a.Id,
            teamId = a.TeamId,
            name = a.Name,
            active = true,
            effectiveFrom = LocalMidnight(branch.Zone, effectiveFrom),
        }),
    };

    /// <summary>
    /// The standards of the "gold standard" as targets of one branch (one request per branch keeps each body small):
    /// 15 visits (10 proactive) a week and 80 calls a month; per team 30 A-class sales visits a month split
    /// 10/5/5/10 and 30 service visits split 5/10/5/10; per agent a monthly FYP plan.
    /// </summary>
    public object TargetsRequest(BranchPlan b)
    {
        var targets = new List<object>
        {
            new { scope = "branch", id = b.Id, metric = "visits", period = "week", value = 15 },
            new { scope = "branch", id = b.Id, metric = "proactiveVisits", period = "week", value = 10 },
            new { scope = "branch", id = b.Id, metric = "calls", period = "month", value = 80 },
            new { scope = "branch", id = b.Id, metric = "policies", period = "month", value = 4 },
        };
        foreach (var t in b.Teams)
        {
            targets.Add(new { scope = "team", id = t.Id, metric = "aClassSalesVisits", period = "month", value = 30, weekly = new[] { 10, 5, 5, 10 } });
            targets.Add(new { scope = "team", id = t.Id, metric = "serviceVisits", period = "month", value = 30, weekly = new[] { 5, 10, 5, 10 } });
        }
        foreach (var a in b.Agents)
            targets.Add(new { scope = "agent", id = a.Id, metric = "fyp", period = "month", value = a.MonthlyFypPlan });
        return new { targets };
    }

    public static DateTimeOffset LocalMidnight(TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        // A zone whose midnight is skipped by a DST change starts its day an hour later.
        while (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static TimeZoneInfo FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { throw new InvalidOperationException($"Time zone '{id}' is not known here (install tzdata)."); }
    }

    /// <summary>A zone where it is now between 03:00 and 20:00, the nearest to noon: "today" cannot roll over during a run.</summary>
    public static string DaytimeZone(DateTimeOffset now)
    {
        string[] candidates =
        [
            "Pacific/Kiritimati", "Pacific/Auckland", "Australia/Sydney", "Asia/Tokyo", "Asia/Shanghai", "Asia/Bangkok",
            "Asia/Dhaka", "Asia/Karachi", "Asia/Dubai", "Europe/Moscow", "Europe/Athens", "Europe/Berlin", "Europe/London",
            "Atlantic/Azores", "America/Noronha", "America/Sao_Paulo", "America/New_York", "America/Chicago",
            "America/Denver", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "Pacific/Pago_Pago",
        ];
        var best = candidates
            .Select(id => (Id: id, Local: TimeZoneInfo.ConvertTime(now, FindZone(id)).TimeOfDay))
            .Where(c => c.Local >= TimeSpan.FromHours(3) && c.Local <= TimeSpan.FromHours(20))
            .OrderBy(c => Math.Abs((c.Local - TimeSpan.FromHours(12)).TotalMinutes))
            .FirstOrDefault();
        return best.Id ?? throw new InvalidOperationException("No day-time zone found.");
    }

    /// <summary>A log-normal draw: exp(N(mu, sigma)).</summary>
    public static double LogNormal(Random random, double mu, double sigma) => Math.Exp(mu + sigma * Normal(random));

    public static double Normal(Random random)
    {
        // Box–Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
