using System.Globalization;
using System.Text;
using System.Text.Json;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks;

/// <summary>
/// One batch of the workload: events of one branch's agents, posted by one sender (the branch's only sender,
/// so the branch's totals after each batch are well defined). <see cref="Calls"/> and <see cref="Visits"/> are
/// what it adds to the branch's calls and visits (the boards the Tracking screens watch).
/// </summary>
public sealed class Batch(int sender, long number, BranchPlan branch, SimEvent[] events)
{
    public int Sender { get; } = sender;
    public long Number { get; } = number;
    public BranchPlan Branch { get; } = branch;
    /// <summary>The events; empty once the batch is done with (<see cref="Forget"/>), so a long run's history stays small.</summary>
    public SimEvent[] Events { get; private set; } = events;
    public int Count { get; } = events.Length;
    public int Calls { get; } = events.Count(e => e.Type == EventType.Call);
    public int Visits { get; } = events.Count(e => e.Type == EventType.Visit);

    public void Forget() => Events = [];

    /// <summary>The tag a baseline's published messages carry, so the subscriber can tell which batch one closes.</summary>
    public string Tag(int index) => $"{Sender}:{Number}:{index}:{Count}";

    public static bool TryParseTag(ReadOnlySpan<char> message, out int sender, out long number, out bool last)
    {
        sender = 0; number = 0; last = false;
        var bar = message.LastIndexOf('|');
        if (bar < 0) return false;
        var tag = message[(bar + 1)..];
        Span<Range> parts = stackalloc Range[5];
        if (tag.Split(parts, ':') != 4) return false;
        if (!int.TryParse(tag[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out sender)) return false;
        if (!long.TryParse(tag[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out number)) return false;
        if (!int.TryParse(tag[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return false;
        if (!int.TryParse(tag[parts[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
        last = index == count - 1;
        return true;
    }
}

/// <summary>
/// The workload of one sender: the branches it owns (branch index modulo senders), taken in turn, each with its
/// own seeded activity stream. Every system gets fresh sources with the same seed for each phase, so every
/// system receives the same events in the same batches (only occurredAt, "now", differs).
/// </summary>
public sealed class SenderSource
{
    private readonly BranchPlan[] _branches;
    private readonly ActivityStream[] _streams;
    private readonly int _batchSize;
    private long _number;

    public SenderSource(Organisation org, int sender, int senders, int batchSize, int seed, string phase)
    {
        Sender = sender;
        _batchSize = batchSize;
        _branches = org.Branches.Where(b => b.Index % senders == sender).ToArray();
        _streams = _branches.Select(b => new ActivityStream(org, b.Agents.ToList(), Seeds.Mix(seed, b.Index), $"{phase}{seed}")).ToArray();
        // Batch numbers differ between phases too: subscribers tell batches apart by (sender, number).
        _number = (long)phase[0] << 40;
    }

    public int Sender { get; }

    /// <summary>Fresh sources for a phase: <paramref name="phase"/> goes into event and policy ids, so phases never collide.</summary>
    public static SenderSource[] ForAll(Organisation org, int senders, int batchSize, int seed, string phase) =>
        Enumerable.Range(0, senders).Select(s => new SenderSource(org, s, senders, batchSize, seed, phase)).ToArray();

    public Batch Next()
    {
        var i = (int)(_number % _branches.Length);
        var now = DateTimeOffset.UtcNow;
        var events = new SimEvent[_batchSize];
        for (var e = 0; e < events.Length; e++) events[e] = _streams[i].Next(now);
        return new Batch(Sender, _number++, _branches[i], events);
    }
}

/// <summary>What the baselines store: the same boards the server keeps (every metric, day/week/month, agents and teams).</summary>
public static class Boards
{
    private static readonly string[] MetricNames = Metrics.All.Select(m => m.Name()).ToArray();

    /// <summary>
    /// The batch's changes, summed per (board, member) as a user batching them would: for every metric an event
    /// touches, its agent's and its team's entry on the day, ISO-week and month board of its branch.
    /// Sorted, so concurrent writers would lock rows in one order.
    /// </summary>
    public static List<(string Board, string Member, decimal Delta)> Changes(Batch batch, Organisation org)
    {
        var sums = new Dictionary<(string, string), decimal>();
        foreach (var e in batch.Events)
        {
            var agent = org.AgentsById[e.AgentId];
            var date = DateOnly.FromDateTime(e.OccurredAt.DateTime); // the local date: OccurredAt carries the branch's offset
            var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var week = $"{ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)):00}";
            var month = date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            e.Contribute((metric, delta) =>
            {
                var name = MetricNames[(int)metric];
                foreach (var period in (ReadOnlySpan<string>)[$"day:{day}", $"week:{week}", $"month:{month}"])
                {
                    Add(sums, $"{agent.BranchId}:{name}:{period}:agents", agent.Id, delta);
                    Add(sums, $"{agent.BranchId}:{name}:{period}:teams", agent.TeamId, delta);
                }
            });
        }
        var list = sums.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
        list.Sort((x, y) => string.CompareOrdinal(x.Item1, y.Item1) is var c and not 0 ? c : string.CompareOrdinal(x.Item2, y.Item2));
        return list;
    }

    private static void Add(Dictionary<(string, string), decimal> sums, string board, string member, decimal delta) =>
        sums[(board, member)] = sums.GetValueOrDefault((board, member)) + delta;

    /// <summary>The message a baseline publishes per event: "eventId|agentId|metric=delta,...|tag".</summary>
    public static string Message(SimEvent e, string tag)
    {
        var text = new StringBuilder(96).Append(e.EventId).Append('|').Append(e.AgentId).Append('|');
        var first = true;
        e.Contribute((metric, delta) =>
        {
            if (!first) text.Append(',');
            first = false;
            text.Append(MetricNames[(int)metric]).Append('=').Append(delta.ToString(CultureInfo.InvariantCulture));
        });
        return text.Append('|').Append(tag).ToString();
    }

    /// <summary>The event_log payload the server stores for an event (same fields as its ActivityEventPayload).</summary>
    public static string EventLogPayload(SimEvent e)
    {
        using var stream = new MemoryStream(128);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("occurredAt", e.OccurredAt.ToString("O", CultureInfo.InvariantCulture));
            switch (e.Type)
            {
                case EventType.Visit:
                    json.WriteStartObject("visit");
                    json.WriteString("kind", SimEvent.KindName(e.Kind));
                    json.WriteBoolean("proactive", e.Proactive);
                    json.WriteString("customerClass", e.CustomerClass.ToString());
                    json.WriteEndObject();
                    break;
                case EventType.Policy:
                    json.WriteStartObject("policy");
                    json.WriteString("policyId", e.PolicyId);
                    json.WriteNumber("premium", e.Amount);
                    json.WriteEndObject();
                    break;
                case EventType.Renewal:
                    json.WriteStartObject("renewal");
                    json.WriteString("policyId", e.PolicyId);
                    json.WriteNumber("amount", e.Amount);
                    json.WriteNumber("policyYear", e.PolicyYear);
                    json.WriteEndObject();
                    break;
                case EventType.Cancellation:
                    json.WriteStartObject("cancellation");
                    json.WriteString("policyId", e.PolicyId);
                    json.WriteEndObject();
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
