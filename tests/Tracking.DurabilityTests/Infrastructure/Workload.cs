using System.Globalization;
using System.Text.Json;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>The ten metrics of the API (docs/api.md), in a fixed order.</summary>
internal static class MetricNames
{
    public static readonly string[] All =
    [
        "calls", "visits", "collectionVisits", "serviceVisits", "salesVisits", "proactiveVisits", "aClassSalesVisits",
        "policies", "fyp", "renewalCollected",
    ];

    public static int IndexOf(string metric) => Array.IndexOf(All, metric);
}

/// <summary>Values of the ten metrics, added up by the test itself from the events it generated.</summary>
internal sealed class MetricTotals
{
    private readonly decimal[] _values = new decimal[MetricNames.All.Length];

    public decimal this[string metric]
    {
        get => _values[MetricNames.IndexOf(metric)];
        set => _values[MetricNames.IndexOf(metric)] = value;
    }

    public void Add(MetricTotals other)
    {
        for (var i = 0; i < _values.Length; i++) _values[i] += other._values[i];
    }

    public static MetricTotals Sum(IEnumerable<MetricTotals> totals)
    {
        var sum = new MetricTotals();
        foreach (var t in totals) sum.Add(t);
        return sum;
    }
}

/// <summary>One request body of distinct events; a retry sends exactly these bytes again.</summary>
internal sealed record Batch(int Number, byte[] Body, int EventCount);

/// <summary>
/// An organisation (one branch in Asia/Shanghai, its teams and agents, ids unique to one test) and a stream of
/// distinct events for it, cut into request batches. What the server must end up showing is computed here, from
/// the events, per agent: never read back from the server.
/// </summary>
/// <remarks>
/// Events occur between 2026-11-01 and 2026-11-20 (+08:00), every one at its own second, so all of them fall in
/// the month of 2026-11-10 and a tie on a leaderboard is always broken by occurrence time, never by arrival order.
/// A cancellation always follows its policy in the same request for the same agent, so any order of requests is
/// valid. Every agent's events come in chunks of <c>chunkSize</c>; a batch holds <c>chunksPerBatch</c> chunks of
/// different agents.
/// </remarks>
internal sealed class Workload
{
    public const string StatsDate = "2026-11-10";
    private static readonly DateTimeOffset First = new(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Last = new(2026, 11, 20, 20, 0, 0, TimeSpan.FromHours(8));
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, MetricTotals> _expected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _teamOf = new(StringComparer.Ordinal);

    public Workload(int teams, int agentsPerTeam, int eventsPerAgent, int chunkSize, int chunksPerBatch, int seed)
    {
        if (eventsPerAgent % chunkSize != 0) throw new ArgumentException("eventsPerAgent must be a multiple of chunkSize.");
        Prefix = "D" + Guid.NewGuid().ToString("N")[..8];
        BranchId = Prefix;
        TeamIds = Enumerable.Range(1, teams).Select(t => $"{Prefix}-T{t}").ToArray();
        var agents = new List<string>();
        foreach (var team in TeamIds)
        {
            for (var a = 1; a <= agentsPerTeam; a++)
            {
                var agent = $"{team}-A{a}";
                agents.Add(agent);
                _teamOf[agent] = team;
                _expected[agent] = new MetricTotals();
            }
        }

        AgentIds = agents;
        TotalEvents = agents.Count * eventsPerAgent;
        Batches = Generate(eventsPerAgent / chunkSize, chunkSize, chunksPerBatch, new Random(seed));
    }

    public string Prefix { get; }

    public string BranchId { get; }

    public IReadOnlyList<string> TeamIds { get; }

    public IReadOnlyList<string> AgentIds { get; }

    public int TotalEvents { get; }

    public IReadOnlyList<Batch> Batches { get; }

    public string TeamOf(string agentId) => _teamOf[agentId];

    public MetricTotals ExpectedAgent(string agentId) => _expected[agentId];

    public MetricTotals ExpectedTeam(string teamId) =>
        MetricTotals.Sum(AgentIds.Where(a => _teamOf[a] == teamId).Select(a => _expected[a]));

    public MetricTotals ExpectedBranch() => MetricTotals.Sum(_expected.Values);

    /// <summary>The <c>PUT /api/v1/org</c> body.</summary>
    public object Org() => new
    {
        branches = new[] { new { id = BranchId, name = "Branch " + Prefix, timeZone = "Asia/Shanghai" } },
        teams = TeamIds.Select((t, i) => new { id = t, branchId = BranchId, name = $"Team {i + 1}", supervisorIds = new[] { $"sup-{i + 1}" } }).ToArray(),
        agents = AgentIds.Select(a => new { id = a, teamId = _teamOf[a], name = "Agent " + a, active = true, effectiveFrom = "2026-01-01T00:00:00+08:00" }).ToArray(),
    };

    private IReadOnlyList<Batch> Generate(int chunksPerAgent, int chunkSize, int chunksPerBatch, Random random)
    {
        // Round by round, every agent (in a shuffled order) contributes one chunk: consecutive chunks in this list
        // belong to different agents, and each agent's events are spread over the whole ingest.
        var chunkOwners = new List<string>();
        for (var round = 0; round < chunksPerAgent; round++)
        {
            chunkOwners.AddRange(AgentIds.OrderBy(_ => random.Next()));
        }

        var step = (Last - First).TotalSeconds / TotalEvents;
        var eventNumber = 0;
        var policyNumber = 0;
        var batches = new List<Batch>();
        for (var start = 0; start < chunkOwners.Count; start += chunksPerBatch)
        {
            var events = new List<object>();
            foreach (var agent in chunkOwners.Skip(start).Take(chunksPerBatch))
            {
                var inChunk = 0;
                while (inChunk < chunkSize)
                {
                    string At() => First.AddSeconds(Math.Floor(eventNumber * step)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                    string Id() => $"{Prefix}-e{++eventNumber}";
                    var expected = _expected[agent];
                    var roll = random.Next(100);
                    if (roll < 6 && chunkSize - inChunk >= 2)
                    {
                        // A policy and, later in the same request, its cancellation: nets to zero.
                        var policyId = $"{Prefix}-P{++policyNumber}";
                        var premium = Money(random, 500, 30_000);
                        events.Add(new { eventId = Id(), agentId = agent, type = "policy", occurredAt = At(), policy = new { policyId, premium } });
                        events.Add(new { eventId = Id(), agentId = agent, type = "cancellation", occurredAt = At(), cancellation = new { policyId } });
                        inChunk += 2;
                        continue;
                    }

                    if (roll < 40)
                    {
                        events.Add(new { eventId = Id(), agentId = agent, type = "call", occurredAt = At() });
                        expected["calls"] += 1;
                    }
                    else if (roll < 75)
                    {
                        var kind = (random.Next(3)) switch { 0 => "collection", 1 => "service", _ => "sales" };
                        var proactive = random.Next(2) == 0;
                        var customerClass = (random.Next(3)) switch { 0 => "A", 1 => "B", _ => "C" };
                        events.Add(new { eventId = Id(), agentId = agent, type = "visit", occurredAt = At(), visit = new { kind, proactive, customerClass } });
                        expected["visits"] += 1;
                        expected[kind + "Visits"] += 1;
                        if (proactive) expected["proactiveVisits"] += 1;
                        if (kind == "sales" && customerClass == "A") expected["aClassSalesVisits"] += 1;
                    }
                    else if (roll < 88)
                    {
                        var policyId = $"{Prefix}-P{++policyNumber}";
                        var premium = Money(random, 500, 60_000);
                        events.Add(new { eventId = Id(), agentId = agent, type = "policy", occurredAt = At(), policy = new { policyId, premium } });
                        expected["policies"] += 1;
                        expected["fyp"] += premium;
                    }
                    else
                    {
                        var policyYear = random.Next(3) == 0 ? 1 : random.Next(2, 6);
                        var amount = Money(random, 100, 8_000);
                        events.Add(new { eventId = Id(), agentId = agent, type = "renewal", occurredAt = At(), renewal = new { policyId = $"{Prefix}-R{random.Next(1000)}", amount, policyYear } });
                        expected["renewalCollected"] += amount;
                        if (policyYear == 1) expected["fyp"] += amount;
                    }

                    inChunk++;
                }
            }

            batches.Add(new Batch(batches.Count + 1, JsonSerializer.SerializeToUtf8Bytes(new { events }, Json), events.Count));
        }

        return batches;
    }

    /// <summary>An amount with two decimals (cents), as integrations send money.</summary>
    private static decimal Money(Random random, int min, int max) => random.Next(min * 100, max * 100) / 100m;
}
