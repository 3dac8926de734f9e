using Tracking.Domain;
using Tracking.Domain.Alerts;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

/// <summary>
/// A team's week simulated hour by hour against the standard "15 visits a week, at least 10 proactive"
/// (issue 6). The domain is pure, so the clock is simply the <c>now</c> handed to each evaluation.
/// </summary>
/// <remarks>
/// <para>The team (T1 of branch B1, default calendar Monday–Friday 09:00–18:00, default alert settings:
/// behind below 0.7 once 0.2 of the week has run, quiet after 2 working hours, 60-minute cool-down, cap 20):</para>
/// <list type="bullet">
/// <item>A1 keeps pace all week: every day a proactive visit at 10:30 and 13:30, a responsive visit at 16:30 and calls
/// at 12:00 and 15:00 (15 visits, 10 proactive by Friday 16:30; never more than 1.5 h without a contact).</item>
/// <item>A2 does the same on Monday and Tuesday, makes one proactive visit on Wednesday at 10:30 and then stops; on
/// Thursday, after the supervisor acknowledges the alert at 15:30 and (we assume) reminds them, one proactive visit at
/// 16:05 and two calls at 16:20 and 16:30; nothing on Friday.</item>
/// <item>A3 never makes a proactive visit but plenty of responsive ones: Monday (starting late) at 11:30, 13:30, 15:00
/// and 16:30; Tuesday to Friday at 10:30, 12:00, 13:30, 15:00 and 16:30.</item>
/// </list>
/// <para>Evaluations happen as a team grain would run them: every hour on the hour for the whole team (day and
/// night), and at each event for the agent whose event it is (so only that agent's alerts can resolve then).</para>
/// <para>Arithmetic used in the comments: the week has 45 working hours; at weekday d (Monday = 0) and local hour h
/// within working hours, H = 9d + (h − 9) hours have elapsed (after closing, 9(d + 1)); share = H/45.
/// Visits are behind when actual &lt; 0.7 × 15 × H/45, i.e. when 30 × actual &lt; 7H; proactive visits when
/// actual &lt; 0.7 × 10 × H/45, i.e. when 45 × actual &lt; 7H; neither is judged before H = 9 (share 0.2).
/// So 7 visits fall behind after H = 30, 8 after 34.29; 5 proactive after 32.14, 6 after 38.57. A1's counts never come
/// near (at worst, just before a visit, it has 3d visits and 2d proactive at H = 9d + 1).</para>
/// </remarks>
public sealed class AlertWeekSimulationTests
{
    private const string BranchId = "B1";
    private const string TeamId = "T1";
    private static readonly string[] Team = ["A1", "A2", "A3"];

    private enum Change { Raised, Acknowledged, Resolved }

    /// <summary>One line of the supervisor's alert feed. Actual and expected are the alert's (as raised).</summary>
    private sealed record Entry(DateTimeOffset At, string Agent, AlertRule Rule, Metric? Metric, Change Change, decimal Actual, decimal Expected);

    private static Entry Raised(string at, string agent, Metric? metric, decimal actual, decimal expected) =>
        new(At(at), agent, metric is null ? AlertRule.Inactive : AlertRule.BehindPace, metric, Change.Raised, actual, expected);

    private static Entry Acknowledged(string at, string agent, Metric? metric, decimal actual, decimal expected) =>
        new(At(at), agent, metric is null ? AlertRule.Inactive : AlertRule.BehindPace, metric, Change.Acknowledged, actual, expected);

    private static Entry Resolved(string at, string agent, Metric? metric, decimal actual, decimal expected) =>
        new(At(at), agent, metric is null ? AlertRule.Inactive : AlertRule.BehindPace, metric, Change.Resolved, actual, expected);

    private static readonly Metric? Quiet = null;
    private const Metric Visits = Metric.Visits;
    private const Metric Proactive = Metric.ProactiveVisits;

    [Fact]
    public void A_week_in_Shanghai()
    {
        // Week of Monday 16 November 2026; Shanghai is UTC+8 all year.
        var sim = new Simulation("Asia/Shanghai");
        sim.AddWeek((day, time) => At($"2026-11-{16 + day:00}T{time}:00+08:00"));
        sim.Acknowledge(At("2026-11-19T15:30:00+08:00"), "A2", Visits);

        sim.Run(Hourly(At("2026-11-16T09:00:00+08:00"), At("2026-11-20T18:00:00+08:00")).Append(At("2026-11-21T10:00:00+08:00")));

        Assert.Equal(
        [
            // Mon 11:00: A3 has had no call or visit since opening: quiet 09:00–11:00 = 2 working hours ≥ 2 → raised.
            Raised("2026-11-16T11:00+08:00", "A3", Quiet, 2, 2),
            // Mon 11:30: A3's first visit (evaluated at once for A3): quiet 0 → resolved.
            Resolved("2026-11-16T11:30+08:00", "A3", Quiet, 2, 2),
            // Mon 18:00 and all night (Mon 20:00 included) H = 9, share 0.2: A3's 0 proactive of an expected
            // 10 × 0.2 = 2 is behind, but it is not working time → nothing raised until the morning.
            // Tue 09:00: H = 9, share 9/45 = 0.2 ≥ 0.2; expected proactive 10 × 0.2 = 2; A3 has 0 → pace 0 < 0.7 → raised.
            // (A1 and A2: 3 visits ≥ 0.7 × 3 = 2.1 and 2 proactive ≥ 1.4; A3: 4 visits.) A3 never catches up: open to the end.
            Raised("2026-11-17T09:00+08:00", "A3", Proactive, 0, 2),
            // Wed 13:00: A2's last contact was the 10:30 visit: quiet 10:30–13:00 = 2.5 h ≥ 2 → raised (12:00 was only 1.5 h).
            Raised("2026-11-18T13:00+08:00", "A2", Quiet, 2.5m, 2),
            // Wed 18:00: closing time; the inactive rule holds only inside working hours → resolved although A2 did nothing.
            Resolved("2026-11-18T18:00+08:00", "A2", Quiet, 2.5m, 2),
            // Thu 11:00: nothing from A2 since opening: 09:00–11:00 = 2 h → raised.
            Raised("2026-11-19T11:00+08:00", "A2", Quiet, 2, 2),
            // Thu 12:00: H = 30, share 2/3, expected visits 15 × 2/3 = 10; A2 has 7 (6 by Tuesday + Wednesday's) → pace 0.7,
            // exactly the threshold: not behind.
            // Thu 13:00: H = 31, expected 15 × 31/45 = 10.33; 7 ÷ 10.33 = 0.677 < 0.7 → raised.
            Raised("2026-11-19T13:00+08:00", "A2", Visits, 7, 10.33m),
            // Thu 14:00: H = 32, expected proactive 10 × 32/45 = 7.11; 5 ÷ 7.11 = 0.703 → not yet.
            // Thu 15:00: H = 33, expected 10 × 33/45 = 7.33; 5 ÷ 7.33 = 0.682 < 0.7 → raised.
            Raised("2026-11-19T15:00+08:00", "A2", Proactive, 5, 7.33m),
            // Thu 15:30: the supervisor acknowledges the visits alert (and calls A2). Cool-down until 16:30.
            Acknowledged("2026-11-19T15:30+08:00", "A2", Visits, 7, 10.33m),
            // Thu 16:00: H = 34, 7 ÷ 11.33 = 0.618 still behind, but the acknowledged alert is unresolved: not raised again.
            // Thu 16:05: A2's proactive visit. H = 34 + 1/12 = 34.083: visits expected 15 × 34.083/45 = 11.36,
            // 8 ÷ 11.36 = 0.704 ≥ 0.7 (30 × 8 = 240 ≥ 7 × 34.083 = 238.6) → resolved; proactive 6 ÷ (10 × 34.083/45 = 7.57)
            // = 0.792 → resolved; quiet 0 → resolved.
            Resolved("2026-11-19T16:05+08:00", "A2", Visits, 7, 10.33m),
            Resolved("2026-11-19T16:05+08:00", "A2", Proactive, 5, 7.33m),
            Resolved("2026-11-19T16:05+08:00", "A2", Quiet, 2, 2),
            // Thu 16:20: A2's call. H = 34.333: expected visits 15 × 34.333/45 = 11.44, 8 ÷ 11.44 = 0.699 < 0.7
            // (240 < 7 × 34.333 = 240.33) → the condition is back, but 16:20 is 50 min after the acknowledgement: cool-down, nothing.
            // Thu 16:30: A2's second call (A1 and A3 visit at the same minute). H = 34.5, expected 11.5, 8 ÷ 11.5 = 0.696;
            // 60 min after the acknowledgement the cool-down is over → a new alert.
            Raised("2026-11-19T16:30+08:00", "A2", Visits, 8, 11.5m),
            // Thu 18:00 and the night: 8 visits of an expected 12 (H = 36) still behind, so the alert stays open.
            // Fri 09:00: H = 36, proactive 6 vs 0.7 × 8 = 5.6 → fine. Visits still behind (open).
            // Fri 11:00: A2 quiet since opening, 2 h → raised. (Proactive at H = 38: 45 × 6 = 270 ≥ 7 × 38 = 266 → fine.)
            Raised("2026-11-20T11:00+08:00", "A2", Quiet, 2, 2),
            // Fri 12:00: H = 39, expected proactive 10 × 39/45 = 8.67; 6 ÷ 8.67 = 0.692 < 0.7 → raised.
            Raised("2026-11-20T12:00+08:00", "A2", Proactive, 6, 8.67m),
            // Fri 18:00: closing → the inactive alert is resolved (A2 did nothing).
            Resolved("2026-11-20T18:00+08:00", "A2", Quiet, 2, 2),
            // Sat 10:00: share 1: A2 8 of 15 visits (0.533), 6 of 10 proactive (0.6), A3 0 of 10 still behind; their alerts stay
            // open, nothing is raised on a day off. A1 ends at 15 visits and 10 proactive (pace 1).
        ],
        sim.Log);

        // Monday 20:00 and Saturday 10:00: conditions hold, yet the feed above has nothing at those hours.
        Assert.Equal([("A3", AlertRule.BehindPace, (Metric?)Proactive)], sim.ConditionsAt(At("2026-11-16T20:00:00+08:00")));
        Assert.Equal(
            [("A2", AlertRule.BehindPace, (Metric?)Visits), ("A2", AlertRule.BehindPace, Proactive), ("A3", AlertRule.BehindPace, Proactive)],
            sim.ConditionsAt(At("2026-11-21T10:00:00+08:00")));

        // What the supervisor has open at the weekend; the acknowledged alert was resolved with its acknowledgement kept.
        Assert.Equal(
            [("A3", AlertRule.BehindPace, (Metric?)Proactive, AlertStatus.Open), ("A2", AlertRule.BehindPace, Visits, AlertStatus.Open),
             ("A2", AlertRule.BehindPace, Proactive, AlertStatus.Open)],
            sim.Book.Unresolved.Select(a => (a.AgentId, a.Rule, a.Metric, a.Status)));
        var acknowledged = Assert.Single(sim.Book.Alerts, a => a.AcknowledgedAt is not null);
        Assert.Equal((AlertStatus.Resolved, At("2026-11-19T15:30+08:00"), At("2026-11-19T16:05+08:00")),
            (acknowledged.Status, acknowledged.AcknowledgedAt, acknowledged.ResolvedAt));
        // Nine alerts raised in the week (the Raised lines above), none pruned.
        Assert.Equal(9, sim.Book.LastSequence);
        Assert.Equal(9, sim.Book.Alerts.Count);
    }

    [Fact]
    public void The_same_week_in_London_follows_London_hours_across_the_clock_change()
    {
        // Week of Monday 19 October 2026 in London, on British Summer Time (UTC+1); the clocks go back on Sunday
        // 25 October at 02:00 BST to 01:00 GMT, and the following Monday 26 and Tuesday 27 are on GMT (UTC+0).
        // The same team does the same things at the same local times. The evaluations run every UTC hour from
        // Monday 09:00 BST to Tuesday 27 October 10:00 GMT, through the weekend and the change.
        var sim = new Simulation("Europe/London");
        sim.AddWeek((day, time) => At($"2026-10-{19 + day:00}T{time}:00+01:00"));
        // Monday 26 October (GMT): A1 and A3 as on a Monday (A3 starting late again), A2 absent.
        sim.AddNextMonday((day, time) => At($"2026-10-26T{time}:00+00:00"));
        sim.Acknowledge(At("2026-10-22T15:30:00+01:00"), "A2", Visits);

        sim.Run(Hourly(At("2026-10-19T09:00:00+01:00"), At("2026-10-27T10:00:00+00:00")));

        Assert.Equal(
        [
            // The Shanghai week's feed, entry for entry, at the same London wall-clock times (BST, UTC+1).
            Raised("2026-10-19T11:00+01:00", "A3", Quiet, 2, 2),           // = 10:00 UTC
            Resolved("2026-10-19T11:30+01:00", "A3", Quiet, 2, 2),
            Raised("2026-10-20T09:00+01:00", "A3", Proactive, 0, 2),       // share 0.2 at 09:00 BST = 08:00 UTC
            Raised("2026-10-21T13:00+01:00", "A2", Quiet, 2.5m, 2),
            Resolved("2026-10-21T18:00+01:00", "A2", Quiet, 2.5m, 2),      // closing 18:00 BST = 17:00 UTC
            Raised("2026-10-22T11:00+01:00", "A2", Quiet, 2, 2),
            Raised("2026-10-22T13:00+01:00", "A2", Visits, 7, 10.33m),
            Raised("2026-10-22T15:00+01:00", "A2", Proactive, 5, 7.33m),
            Acknowledged("2026-10-22T15:30+01:00", "A2", Visits, 7, 10.33m),
            Resolved("2026-10-22T16:05+01:00", "A2", Visits, 7, 10.33m),
            Resolved("2026-10-22T16:05+01:00", "A2", Proactive, 5, 7.33m),
            Resolved("2026-10-22T16:05+01:00", "A2", Quiet, 2, 2),
            Raised("2026-10-22T16:30+01:00", "A2", Visits, 8, 11.5m),      // cool-down over: 60 min after 15:30 BST
            Raised("2026-10-23T11:00+01:00", "A2", Quiet, 2, 2),
            Raised("2026-10-23T12:00+01:00", "A2", Proactive, 6, 8.67m),
            Resolved("2026-10-23T18:00+01:00", "A2", Quiet, 2, 2),
            // Saturday and Sunday: the week is over (share 1) and the three behind-pace alerts stay open through the
            // clock change. Mon 26 Oct 00:00 GMT (00:00 UTC): a new week, share 0 < 0.2, nothing judged → the three resolve.
            // (They resolve because the week ended, not because anybody caught up.)
            Resolved("2026-10-26T00:00+00:00", "A2", Visits, 8, 11.5m),
            Resolved("2026-10-26T00:00+00:00", "A2", Proactive, 6, 8.67m),
            Resolved("2026-10-26T00:00+00:00", "A3", Proactive, 0, 2),
            // Mon 26 Oct 11:00 GMT = 11:00 UTC (a week earlier the same alert came at 10:00 UTC): A2 and A3 quiet since
            // opening, 2 h → raised.
            Raised("2026-10-26T11:00+00:00", "A2", Quiet, 2, 2),
            Raised("2026-10-26T11:00+00:00", "A3", Quiet, 2, 2),
            // 11:30 GMT: A3's first visit → resolved.
            Resolved("2026-10-26T11:30+00:00", "A3", Quiet, 2, 2),
            // 18:00 GMT: closing → A2's inactive alert resolved.
            Resolved("2026-10-26T18:00+00:00", "A2", Quiet, 2, 2),
            // Tue 27 Oct 09:00 GMT: H = 9, share 0.2. A2 has nothing: visits 0 of 15 × 0.2 = 3, proactive 0 of 2 → raised;
            // A3 has 4 visits (≥ 2.1) but 0 proactive of 2 → raised. A1: 3 visits, 2 proactive → fine.
            Raised("2026-10-27T09:00+00:00", "A2", Visits, 0, 3),
            Raised("2026-10-27T09:00+00:00", "A2", Proactive, 0, 2),
            Raised("2026-10-27T09:00+00:00", "A3", Proactive, 0, 2),
        ],
        sim.Log);

        // The instants are not the Shanghai ones: Monday's first alert is at 10:00 UTC in London, 03:00 UTC in Shanghai.
        Assert.Equal(At("2026-10-19T10:00:00Z"), sim.Log[0].At);
        Assert.Equal(At("2026-10-26T11:00:00Z"), sim.Log[19].At);
    }

    /// <summary>Every hour on the hour from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    private static IEnumerable<DateTimeOffset> Hourly(DateTimeOffset from, DateTimeOffset to)
    {
        for (var t = from; t <= to; t += TimeSpan.FromHours(1)) yield return t;
    }

    /// <summary>The team, its events, the supervisor's acknowledgements, and the alert feed they produce.</summary>
    private sealed class Simulation
    {
        private readonly WorkingCalendar _calendar;
        private readonly PaceCalculator _pace;
        private readonly TargetBook _targets = new(
        [
            new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, 15),
            new TargetSetting(TargetScope.Branch, BranchId, Metric.ProactiveVisits, PeriodKind.Week, 10),
        ]);
        private readonly List<ActivityEvent> _events = [];
        private readonly List<(DateTimeOffset At, string Agent, Metric Metric)> _acknowledgements = [];
        private readonly Dictionary<DateTimeOffset, IReadOnlyList<AlertCondition>> _conditions = [];
        private readonly List<Entry> _log = [];

        public Simulation(string timeZone)
        {
            _calendar = new WorkingCalendar(BranchClock.For(timeZone));
            _pace = new PaceCalculator(_calendar);
        }

        public AlertBook Book { get; } = new(TeamId);

        public IReadOnlyList<Entry> Log => _log;

        /// <summary>Which (agent, rule, metric) held at an hourly evaluation.</summary>
        public IReadOnlyList<(string Agent, AlertRule Rule, Metric? Metric)> ConditionsAt(DateTimeOffset now) =>
            _conditions[now].Select(c => (c.AgentId, c.Rule, c.Metric)).ToList();

        /// <summary>The week described on the class, Monday (day 0) to Friday (day 4); <paramref name="at"/> gives local times.</summary>
        public void AddWeek(Func<int, string, DateTimeOffset> at)
        {
            for (var day = 0; day < 5; day++)
            {
                OnPaceDay("A1", day, at);
                if (day < 2) OnPaceDay("A2", day, at);
                ResponsiveDay("A3", day, late: day == 0, at);
            }
            Visit("A2", at(2, "10:30"), proactive: true);
            Visit("A2", at(3, "16:05"), proactive: true);
            Call("A2", at(3, "16:20"));
            Call("A2", at(3, "16:30"));
        }

        /// <summary>The Monday after the week: A1 on pace, A3 late again, A2 absent.</summary>
        public void AddNextMonday(Func<int, string, DateTimeOffset> at)
        {
            OnPaceDay("A1", 0, at);
            ResponsiveDay("A3", 0, late: true, at);
        }

        public void Acknowledge(DateTimeOffset at, string agent, Metric metric) => _acknowledgements.Add((at, agent, metric));

        public void Run(IEnumerable<DateTimeOffset> hourly)
        {
            // Every hour the whole team; at each event, the agent whose event it is.
            var runs = new SortedDictionary<DateTimeOffset, SortedSet<string>>();
            foreach (var hour in hourly) runs[hour] = new SortedSet<string>(Team);
            foreach (var e in _events)
            {
                if (!runs.TryGetValue(e.OccurredAt, out var agents)) runs[e.OccurredAt] = agents = [];
                agents.Add(e.AgentId);
            }

            var pending = new Queue<(DateTimeOffset At, string Agent, Metric Metric)>(_acknowledgements.OrderBy(a => a.At));
            foreach (var (now, agents) in runs)
            {
                while (pending.Count > 0 && pending.Peek().At <= now) AcknowledgeNow(pending.Dequeue());

                var conditions = AlertEvaluator.Evaluate(agents.Select(a => Snapshot(a, now)).ToList(), AlertSettings.Default, _pace, now);
                if (agents.Count == Team.Length) _conditions[now] = conditions;
                var changed = Book.Apply(conditions, agents, now, _calendar.Clock.LocalDate(now), _calendar.Clock.LocalDate,
                    _calendar.IsWorkingTime(now), AlertSettings.Default);
                // Within one instant: by agent, rule and metric, so the feed does not depend on evaluation order.
                _log.AddRange(changed
                    .Select(a => new Entry(now, a.AgentId, a.Rule, a.Metric, a.IsUnresolved ? Change.Raised : Change.Resolved, a.Actual, a.Expected))
                    .OrderBy(e => e.Agent, StringComparer.Ordinal).ThenBy(e => e.Rule).ThenBy(e => e.Metric));
            }
        }

        private void AcknowledgeNow((DateTimeOffset At, string Agent, Metric Metric) ack)
        {
            var alert = Book.Unresolved.Single(a => a.AgentId == ack.Agent && a.Rule == AlertRule.BehindPace && a.Metric == ack.Metric);
            var acknowledged = Book.Acknowledge(alert.AlertId, ack.At)!;
            _log.Add(new Entry(ack.At, acknowledged.AgentId, acknowledged.Rule, acknowledged.Metric, Change.Acknowledged, acknowledged.Actual, acknowledged.Expected));
        }

        /// <summary>What the team grain would know of an agent at <paramref name="now"/>: only the events that occurred by then.</summary>
        private AlertAgentSnapshot Snapshot(string agent, DateTimeOffset now)
        {
            var clock = _calendar.Clock;
            var today = clock.LocalDate(now);
            var happened = _events.Where(e => e.AgentId == agent && e.OccurredAt <= now).ToList();
            var actuals = new Dictionary<PeriodKind, MetricValues>();
            var targets = new List<ResolvedTarget>();
            foreach (var period in PeriodKey.AllContaining(today))
            {
                var values = new MetricValues();
                foreach (var e in happened.Where(e => period.Contains(clock.LocalDate(e.OccurredAt)))) EventContribution.AddTo(values, e);
                actuals[period.Kind] = values;
                targets.AddRange(_targets.ResolveAll(TargetOwner.Agent(agent, TeamId, BranchId), period).Values.Where(t => !t.FromWeeklySplit));
            }
            var lastContactToday = happened
                .Where(e => e.Type is ActivityType.Call or ActivityType.Visit && clock.LocalDate(e.OccurredAt) == today)
                .Select(e => (DateTimeOffset?)e.OccurredAt)
                .Max();
            return new AlertAgentSnapshot(agent, actuals, targets, lastContactToday, Active: true);
        }

        private void OnPaceDay(string agent, int day, Func<int, string, DateTimeOffset> at)
        {
            Visit(agent, at(day, "10:30"), proactive: true);
            Call(agent, at(day, "12:00"));
            Visit(agent, at(day, "13:30"), proactive: true);
            Call(agent, at(day, "15:00"));
            Visit(agent, at(day, "16:30"), proactive: false);
        }

        private void ResponsiveDay(string agent, int day, bool late, Func<int, string, DateTimeOffset> at)
        {
            string[] times = late ? ["11:30", "13:30", "15:00", "16:30"] : ["10:30", "12:00", "13:30", "15:00", "16:30"];
            foreach (var time in times) Visit(agent, at(day, time), proactive: false);
        }

        private void Visit(string agent, DateTimeOffset at, bool proactive) =>
            _events.Add(new ActivityEvent($"{agent}-{at:O}", agent, ActivityType.Visit, at,
                Visit: new VisitDetails(proactive ? VisitKind.Service : VisitKind.Collection, proactive, CustomerClass.B)));

        private void Call(string agent, DateTimeOffset at) =>
            _events.Add(new ActivityEvent($"{agent}-{at:O}", agent, ActivityType.Call, at));
    }
}
