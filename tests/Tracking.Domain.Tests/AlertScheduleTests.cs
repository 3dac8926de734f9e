using Tracking.Domain;
using Tracking.Domain.Alerts;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class AlertScheduleTests
{
    // Shanghai, Monday–Friday 09:00–18:00; the week of Monday 16 November 2026 has 45 working hours.
    private const string BranchId = "SZ01";
    private const string TeamId = "T1";
    private static readonly TimeSpan Lookahead = AlertSchedule.DefaultLookahead;
    private readonly PaceCalculator _pace = new(new WorkingCalendar(BranchClock.For("Asia/Shanghai")));
    private static readonly PeriodKey WeekOfNov16 = new(PeriodKind.Week, Date("2026-11-16"));

    // 15 visits a week.
    private static readonly TargetBook Standard = new([new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, 15)]);

    private static AlertAgentSnapshot Agent(decimal weekVisits, DateTimeOffset? lastActivityAt, string agentId = "A1") =>
        new(agentId,
            new Dictionary<PeriodKind, MetricValues> { [PeriodKind.Week] = Values((Metric.Visits, weekVisits)) },
            [Standard.ForAgent(agentId, TeamId, BranchId, Metric.Visits, WeekOfNov16)!],
            lastActivityAt,
            Active: true);

    private Dictionary<string, DateTimeOffset> Next(DateTimeOffset now, AlertAgentSnapshot[] agents,
        Func<string, DateTimeOffset, bool>? activeAt = null, IReadOnlyList<Alert>? alerts = null) =>
        AlertSchedule.NextJudgements(agents, AlertEvaluator.Evaluate(agents, AlertSettings.Default, _pace, now), AlertSettings.Default,
            _pace, now, Lookahead, activeAt ?? ((_, _) => true), alerts ?? []);

    [Fact]
    public void An_agent_well_on_pace_who_just_called_waits_a_lookahead()
    {
        // Thu 19 Nov 12:00: expected 10 visits so far; 12 done.
        var now = At("2026-11-19T12:00:00+08:00");

        Assert.Equal(now + Lookahead, Next(now, [Agent(12, now)])["A1"]);
    }

    [Fact]
    public void An_agent_who_falls_behind_pace_within_the_lookahead_is_judged_at_the_next_tick()
    {
        // 7 of an expected 10 is exactly the threshold (0.7, not behind); a minute later 10 is exceeded and 7 is behind.
        var now = At("2026-11-19T12:00:00+08:00");

        Assert.Equal(now, Next(now, [Agent(7, now)])["A1"]);
        Assert.Equal(now + Lookahead, Next(now, [Agent(8, now)])["A1"]);
    }

    [Fact]
    public void An_agent_who_goes_quiet_within_the_lookahead_is_judged_at_the_next_tick()
    {
        var now = At("2026-11-19T12:00:00+08:00");
        var quietAlmostTwoHours = Agent(12, now - TimeSpan.FromHours(2) + TimeSpan.FromSeconds(30));
        var quietAnHour = Agent(12, now - TimeSpan.FromHours(1), "A2");

        var next = Next(now, [quietAlmostTwoHours, quietAnHour]);

        Assert.Equal(now, next["A1"]);
        Assert.Equal(now + Lookahead, next["A2"]);
    }

    [Fact]
    public void An_agent_already_behind_stays_behind_so_waits_a_lookahead()
    {
        var now = At("2026-11-19T12:00:00+08:00");

        Assert.Equal(now + Lookahead, Next(now, [Agent(3, now)])["A1"]);
    }

    [Theory]
    [InlineData("2026-11-19T17:59:30+08:00")] // working time ends within the lookahead
    [InlineData("2026-11-19T08:59:30+08:00")] // it begins within the lookahead
    [InlineData("2026-11-21T12:00:00+08:00")] // Saturday: not working time at all
    public void Near_or_outside_working_time_every_agent_is_judged_at_the_next_tick(string instant)
    {
        var now = At(instant);

        Assert.Equal(now, Next(now, [Agent(12, now)])["A1"]);
    }

    [Fact]
    public void A_membership_that_ends_within_the_lookahead_judges_the_agent_at_the_next_tick()
    {
        var now = At("2026-11-19T12:00:00+08:00");
        var leaves = now + TimeSpan.FromSeconds(20);

        var next = Next(now, [Agent(12, now)], activeAt: (_, instant) => instant < leaves);

        Assert.Equal(now, next["A1"]);
    }

    [Fact]
    public void A_cooldown_that_ends_within_the_lookahead_is_when_the_agent_is_judged_again()
    {
        var now = At("2026-11-19T12:00:00+08:00");
        var acknowledged = now - AlertSettings.Default.Cooldown + TimeSpan.FromSeconds(25);
        var alert = new Alert("T1.1", TeamId, "A1", AlertRule.BehindPace, Metric.Visits, 3, 10, now.AddHours(-2), AlertStatus.Resolved,
            AcknowledgedAt: acknowledged, ResolvedAt: now.AddMinutes(-30));

        var next = Next(now, [Agent(3, now), Agent(3, now, "A2")], alerts: [alert]);

        Assert.Equal(acknowledged + AlertSettings.Default.Cooldown, next["A1"]);
        Assert.Equal(now + Lookahead, next["A2"]);
    }

    [Fact]
    public void Whenever_an_agent_is_told_to_wait_no_tick_before_then_would_judge_it_differently()
    {
        // A working day of ticks every 30 s for agents at every level of visits and quiet time: while an agent waits,
        // what holds for it at each tick in between is what held when it was judged.
        var random = new Random(7);
        var agents = Enumerable.Range(0, 200)
            .Select(i => (Visits: (decimal)random.Next(0, 16), QuietMinutes: random.Next(0, 180), Id: $"A{i}"))
            .ToArray();
        var waited = 0;
        for (var now = At("2026-11-18T09:00:00+08:00"); now < At("2026-11-18T18:00:00+08:00"); now += TimeSpan.FromMinutes(7))
        {
            var snapshots = agents.Select(a => Agent(a.Visits, now - TimeSpan.FromMinutes(a.QuietMinutes), a.Id)).ToArray();
            var holding = AlertEvaluator.Evaluate(snapshots, AlertSettings.Default, _pace, now);
            var next = AlertSchedule.NextJudgements(snapshots, holding, AlertSettings.Default, _pace, now, Lookahead, (_, _) => true, []);
            foreach (var snapshot in snapshots)
            {
                if (next[snapshot.AgentId] == now) continue;
                waited++;
                var keysNow = holding.Where(c => c.AgentId == snapshot.AgentId).Select(c => c.Key).ToHashSet();
                for (var tick = now + TimeSpan.FromSeconds(30); tick <= next[snapshot.AgentId]; tick += TimeSpan.FromSeconds(30))
                {
                    var keysThen = AlertEvaluator.Evaluate([snapshot], AlertSettings.Default, _pace, tick).Select(c => c.Key).ToHashSet();
                    Assert.True(keysNow.SetEquals(keysThen), $"{snapshot.AgentId} judged at {now:HH:mm} differs at {tick:HH:mm:ss}");
                }
            }
        }
        Assert.True(waited > 1000, $"only {waited} agents waited");
    }
}
