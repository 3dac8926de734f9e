using System.Globalization;

namespace Tracking.Clients.Common.Workload;

/// <summary>
/// How agents behave, in numbers taken from the standards the targets express: per working day about 4 calls
/// (80 a month) and 3.3 visits (15 a week), half of them sales visits, 70% proactive, 60% of sales visits to
/// class-A customers; a sales visit sometimes ends in a sale (A 15%, B 7%, C 3%, times the agent's skill);
/// most collection visits collect a renewal (about a third of them first-year instalments); 4% of policies are
/// withdrawn within the free-look period.
/// </summary>
public static class Behaviour
{
    public const double CallsPerDay = 4.2;
    public const double VisitsPerDay = 3.3;
    public const double RenewalsWithoutVisitPerDay = 0.25;
    public const double SalesShare = 0.5;
    public const double ServiceShare = 0.3;
    public const double ProactiveShare = 0.7;
    public const double FirstYearRenewalShare = 0.35;
    public const double CancellationRate = 0.04;
    public const double CollectedOnVisit = 0.8;
    public const double LargeCaseShare = 0.03;

    public static double SaleChance(char customerClass, double skill) =>
        Math.Min(0.6, (customerClass switch { 'A' => 0.15, 'B' => 0.07, _ => 0.03 }) * skill);

    public static char CustomerClass(Random random, VisitKind kind)
    {
        var x = random.NextDouble();
        return kind == VisitKind.Sales
            ? x < 0.6 ? 'A' : x < 0.9 ? 'B' : 'C'
            : x < 0.3 ? 'A' : x < 0.75 ? 'B' : 'C';
    }

    public static VisitKind Kind(Random random)
    {
        var x = random.NextDouble();
        return x < SalesShare ? VisitKind.Sales : x < SalesShare + ServiceShare ? VisitKind.Service : VisitKind.Collection;
    }

    /// <summary>
    /// A new policy's first-year premium: log-normal around 6,000 (scaled to the branch's currency) with a wide
    /// spread, and now and then a large case (大单) of several times that; two decimals.
    /// </summary>
    public static decimal Premium(Random random, double scale, double skill)
    {
        var premium = Organisation.LogNormal(random, Math.Log(6000 * scale * Math.Pow(skill, 0.3)), 0.9);
        if (random.NextDouble() < LargeCaseShare) premium *= 5 + random.NextDouble() * 15;
        return Math.Round((decimal)Math.Clamp(premium, 300 * scale, 2_000_000), 2);
    }

    public static int Poisson(Random random, double mean)
    {
        // Knuth's method: fine for the small means of a day's activity.
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var n = 0;
        while (product > limit) { n++; product *= random.NextDouble(); }
        return n;
    }
}

/// <summary>One agent's policies: those sold in this run (for first-year instalments and cancellations) and an older book.</summary>
public sealed class AgentBook(AgentPlan agent, double premiumScale, string runTag)
{
    private readonly List<SoldPolicy> _sold = [];
    private readonly List<int> _open = [];
    private int _policyNumber;
    private int _eventNumber;

    public AgentPlan Agent { get; } = agent;

    public sealed class SoldPolicy(string id, decimal premium, DateTimeOffset soldAt)
    {
        public string Id { get; } = id;
        public decimal Premium { get; } = premium;
        public DateTimeOffset SoldAt { get; } = soldAt;
        public bool Cancelled { get; set; }
    }

    public string NextEventId() => $"{runTag}-{Agent.Id}-{++_eventNumber:00000}";

    public SimEvent Sell(DateTimeOffset at, Random random)
    {
        var id = $"{Agent.Id}-{runTag}-P{++_policyNumber:0000}";
        var premium = Behaviour.Premium(random, premiumScale, Agent.Skill);
        _open.Add(_sold.Count);
        _sold.Add(new SoldPolicy(id, premium, at));
        return new SimEvent(NextEventId(), Agent.Id, EventType.Policy, at, PolicyId: id, Amount: premium);
    }

    public SoldPolicy? LastSold => _sold.Count > 0 ? _sold[^1] : null;

    /// <summary>Cancels one open policy sold before <paramref name="at"/>; null when there is none.</summary>
    public SimEvent? CancelAny(DateTimeOffset at, Random random)
    {
        for (var tries = 0; tries < 4 && _open.Count > 0; tries++)
        {
            var pick = random.Next(_open.Count);
            var policy = _sold[_open[pick]];
            if (policy.SoldAt > at) continue;
            _open.RemoveAt(pick);
            return Cancel(policy, at);
        }
        return null;
    }

    /// <summary>Cancels this policy, if it is still open; null when it is not.</summary>
    public SimEvent? Cancel(SoldPolicy policy, DateTimeOffset at)
    {
        if (policy.Cancelled) return null;
        policy.Cancelled = true;
        var index = _sold.IndexOf(policy);
        _open.Remove(index);
        return new SimEvent(NextEventId(), Agent.Id, EventType.Cancellation, at, PolicyId: policy.Id, Amount: policy.Premium);
    }

    /// <summary>
    /// A renewal premium collected: a first-year instalment (policyYear 1: a quarterly payment of a policy sold
    /// earlier this year, in this run when there is one) or a later year's premium of the agent's older book.
    /// </summary>
    public SimEvent Renewal(DateTimeOffset at, Random random)
    {
        string policyId;
        decimal amount;
        int year;
        if (random.NextDouble() < Behaviour.FirstYearRenewalShare)
        {
            year = 1;
            var inRun = _sold.Where(p => !p.Cancelled && p.SoldAt < at).ToList();
            if (inRun.Count > 0 && random.NextDouble() < 0.5)
            {
                var p = inRun[random.Next(inRun.Count)];
                policyId = p.Id;
                amount = Math.Round(p.Premium / 4, 2);
            }
            else
            {
                policyId = $"{Agent.Id}-F{random.Next(1, 13):00}";
                amount = Math.Round(Behaviour.Premium(random, premiumScale, Agent.Skill) / 4, 2);
            }
        }
        else
        {
            year = 2 + (int)Math.Min(18, Organisation.LogNormal(random, 1.0, 0.6));
            policyId = $"{Agent.Id}-B{random.Next(1, 61):000}";
            amount = Math.Round((decimal)Math.Clamp(Organisation.LogNormal(random, Math.Log(4500 * premiumScale), 0.7), 100 * premiumScale, 500_000), 2);
        }
        return new SimEvent(NextEventId(), Agent.Id, EventType.Renewal, at, PolicyId: policyId, Amount: amount, PolicyYear: year);
    }

    public SimEvent Call(DateTimeOffset at) => new(NextEventId(), Agent.Id, EventType.Call, at);

    public SimEvent Visit(DateTimeOffset at, Random random)
    {
        var kind = Behaviour.Kind(random);
        return new SimEvent(NextEventId(), Agent.Id, EventType.Visit, at, kind, random.NextDouble() < Behaviour.ProactiveShare, Behaviour.CustomerClass(random, kind));
    }
}

/// <summary>
/// A live stream of one group of agents' activity (occurring "now"), in the standards' proportions: calls and
/// visits, a sale some time after a successful sales visit, a renewal after a collection visit, and now and then
/// the cancellation of a policy this stream sold earlier. Deterministic for a seed, whatever the timing.
/// </summary>
public sealed class ActivityStream
{
    private readonly AgentBook[] _books;
    private readonly double[] _cumulativeActivity;
    private readonly Random _random;
    private readonly Queue<(AgentBook Book, EventType Type)> _followUps = new();
    private readonly Func<AgentPlan, TimeZoneInfo> _zoneOf;
    private readonly double _cancellationPerEvent;

    public ActivityStream(Organisation org, IReadOnlyList<AgentPlan> agents, int seed, string runTag)
    {
        if (agents.Count == 0) throw new ArgumentException("A stream needs agents.");
        _random = new Random(seed);
        _books = agents.Select(a => new AgentBook(a, org.BranchOf(a).Template.PremiumScale, runTag)).ToArray();
        _cumulativeActivity = new double[_books.Length];
        var sum = 0.0;
        for (var i = 0; i < _books.Length; i++) _cumulativeActivity[i] = sum += _books[i].Agent.Activity;
        _zoneOf = a => org.BranchOf(a).Zone;
        var perDay = Behaviour.CallsPerDay + Behaviour.VisitsPerDay + Behaviour.RenewalsWithoutVisitPerDay;
        var salesPerDay = Behaviour.VisitsPerDay * Behaviour.SalesShare * 0.1;
        _cancellationPerEvent = salesPerDay * Behaviour.CancellationRate / perDay;
    }

    public IReadOnlyList<AgentBook> Books => _books;

    /// <summary>The next event, occurring at <paramref name="nowUtc"/> (written with the agent's branch offset).</summary>
    public SimEvent Next(DateTimeOffset nowUtc)
    {
        // Follow-ups come a little after what caused them, interleaved with others' activity.
        if (_followUps.Count > 0 && (_random.NextDouble() < 0.3 || _followUps.Count > 64))
        {
            var (book, type) = _followUps.Dequeue();
            var at = Local(book, nowUtc);
            return type == EventType.Policy ? book.Sell(at, _random) : book.Renewal(at, _random);
        }

        var agent = PickAgent();
        var local = Local(agent, nowUtc);
        if (_random.NextDouble() < _cancellationPerEvent && agent.CancelAny(local, _random) is { } cancellation) return cancellation;

        var x = _random.NextDouble() * (Behaviour.CallsPerDay + Behaviour.VisitsPerDay + Behaviour.RenewalsWithoutVisitPerDay);
        if (x < Behaviour.CallsPerDay) return agent.Call(local);
        if (x >= Behaviour.CallsPerDay + Behaviour.VisitsPerDay) return agent.Renewal(local, _random);

        var visit = agent.Visit(local, _random);
        if (visit.Kind == VisitKind.Sales && _random.NextDouble() < Behaviour.SaleChance(visit.CustomerClass, agent.Agent.Skill))
            _followUps.Enqueue((agent, EventType.Policy));
        else if (visit.Kind == VisitKind.Collection && _random.NextDouble() < Behaviour.CollectedOnVisit)
            _followUps.Enqueue((agent, EventType.Renewal));
        return visit;
    }

    private AgentBook PickAgent()
    {
        var x = _random.NextDouble() * _cumulativeActivity[^1];
        var i = Array.BinarySearch(_cumulativeActivity, x);
        return _books[Math.Min(i < 0 ? ~i : i, _books.Length - 1)];
    }

    private DateTimeOffset Local(AgentBook book, DateTimeOffset nowUtc) => TimeZoneInfo.ConvertTime(nowUtc, _zoneOf(book.Agent));
}

/// <summary>
/// A whole month of activity for every agent, dated in each branch's working days and hours (local time), in
/// the order it happened: the replay of a month. Sales follow their visits by 20–90 minutes, renewals their
/// collection visits by 5–30 minutes, and 4% of the month's policies are cancelled 1–14 days after the sale (if
/// that is still in the month).
/// </summary>
public static class MonthSchedule
{
    public static List<SimEvent> Build(Organisation org, int year, int month, int seed, string runTag)
    {
        var all = new List<SimEvent>();
        var agentIndex = 0;
        foreach (var branch in org.Branches)
        {
            var template = branch.Template;
            var workingDays = template.WorkingDays.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToHashSet();
            var first = new DateOnly(year, month, 1);
            var monthEnd = Organisation.LocalMidnight(branch.Zone, first.AddMonths(1));
            foreach (var agent in branch.Agents)
            {
                // One generator per agent: an agent's month does not depend on how many agents come before it.
                var random = new Random(Seeds.Mix(seed, agentIndex++, year, month));
                var book = new AgentBook(agent, template.PremiumScale, runTag);
                var events = new List<SimEvent>();
                for (var day = first; day < first.AddMonths(1); day = day.AddDays(1))
                {
                    if (!workingDays.Contains(day.DayOfWeek)) continue;
                    // Saturdays are half days where they are worked.
                    var dayFactor = day.DayOfWeek == DayOfWeek.Saturday ? 0.4 : 1.0;
                    var calls = Behaviour.Poisson(random, Behaviour.CallsPerDay * agent.Activity * dayFactor);
                    var visits = Behaviour.Poisson(random, Behaviour.VisitsPerDay * agent.Activity * dayFactor);
                    var renewals = Behaviour.Poisson(random, Behaviour.RenewalsWithoutVisitPerDay * dayFactor);
                    for (var i = 0; i < calls; i++) events.Add(book.Call(At(branch, day, random)));
                    for (var i = 0; i < renewals; i++) events.Add(book.Renewal(At(branch, day, random), random));
                    for (var i = 0; i < visits; i++)
                    {
                        var visit = book.Visit(At(branch, day, random), random);
                        events.Add(visit);
                        if (visit.Kind == VisitKind.Sales && random.NextDouble() < Behaviour.SaleChance(visit.CustomerClass, agent.Skill))
                        {
                            var sale = book.Sell(visit.OccurredAt.AddMinutes(random.Next(20, 91)), random);
                            events.Add(sale);
                            if (random.NextDouble() < Behaviour.CancellationRate)
                            {
                                var when = At(branch, day.AddDays(random.Next(1, 15)), random);
                                if (when < monthEnd && when > sale.OccurredAt && book.Cancel(book.LastSold!, when) is { } cancel) events.Add(cancel);
                            }
                        }
                        else if (visit.Kind == VisitKind.Collection && random.NextDouble() < Behaviour.CollectedOnVisit)
                        {
                            events.Add(book.Renewal(visit.OccurredAt.AddMinutes(random.Next(5, 31)), random));
                        }
                    }
                }
                all.AddRange(events);
            }
        }
        // Time order; equal instants keep their generation order (a sale before its cancellation, ids stable).
        return all.Select((e, i) => (e, i)).OrderBy(x => x.e.OccurredAt.UtcTicks).ThenBy(x => x.i).Select(x => x.e).ToList();
    }

    /// <summary>A random instant in the branch's working hours of a local date, with the branch's offset.</summary>
    private static DateTimeOffset At(BranchPlan branch, DateOnly day, Random random)
    {
        var start = branch.Template.WorkStart.ToTimeSpan();
        var length = branch.Template.WorkEnd.ToTimeSpan() - start;
        var local = day.ToDateTime(TimeOnly.MinValue) + start + TimeSpan.FromSeconds(Math.Floor(random.NextDouble() * length.TotalSeconds));
        while (branch.Zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, branch.Zone.GetUtcOffset(local));
    }

    public static (int Year, int Month) ParseMonth(string text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (d.Year, d.Month)
            : throw new ArgumentException($"'{text}' is not a month (YYYY-MM).");
}
