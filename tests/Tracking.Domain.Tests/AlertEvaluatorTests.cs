using Tracking.Domain;
using Tracking.Domain.Alerts;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class AlertEvaluatorTests
{
    // Shanghai (no DST), Monday–Friday 09:00–18:00: 9 working hours a day, 45 a week.
    // The week of Monday 16 November 2026; elapsed working hours at a weekday d (Mon = 0) and local hour h
    // inside working hours are 9d + (h − 9).
    private const string BranchId = "SZ01";
    private const string TeamId = "T1";
    private readonly PaceCalculator _pace = new(new WorkingCalendar(BranchClock.For("Asia/Shanghai")));
    private static readonly PeriodKey WeekOfNov16 = new(PeriodKind.Week, Date("2026-11-16"));
    private static readonly PeriodKey November = new(PeriodKind.Month, Date("2026-11-01"));

    // The standard: 15 visits a week, at least 10 of them proactive.
    private static readonly TargetBook Standard = new(
    [
        new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, 15),
        new TargetSetting(TargetScope.Branch, BranchId, Metric.ProactiveVisits, PeriodKind.Week, 10),
    ]);

    private static ResolvedTarget Target(TargetBook book, Metric metric, PeriodKey period) =>
        book.ForAgent("A1", TeamId, BranchId, metric, period) ?? throw new InvalidOperationException("No target.");

    private static IReadOnlyList<ResolvedTarget> WeekStandard() =>
        [Target(Standard, Metric.Visits, WeekOfNov16), Target(Standard, Metric.ProactiveVisits, WeekOfNov16)];

    private static AlertAgentSnapshot Agent(
        IReadOnlyList<ResolvedTarget> targets,
        MetricValues? week = null,
        MetricValues? day = null,
        MetricValues? month = null,
        DateTimeOffset? lastActivityAt = null,
        bool active = true,
        string agentId = "A1")
    {
        var actuals = new Dictionary<PeriodKind, MetricValues>();
        if (day is not null) actuals[PeriodKind.Day] = day;
        if (week is not null) actuals[PeriodKind.Week] = week;
        if (month is not null) actuals[PeriodKind.Month] = month;
        return new AlertAgentSnapshot(agentId, actuals, targets, lastActivityAt, active);
    }

    /// <summary>An agent who just called (so not inactive), with the given week totals against the standard.</summary>
    private static AlertAgentSnapshot BusyAgent(DateTimeOffset now, decimal visits, decimal proactive) =>
        Agent(WeekStandard(), week: Values((Metric.Visits, visits), (Metric.ProactiveVisits, proactive)), lastActivityAt: now);

    private IReadOnlyList<AlertCondition> Evaluate(DateTimeOffset now, params AlertAgentSnapshot[] agents) =>
        AlertEvaluator.Evaluate(agents, AlertSettings.Default, _pace, now);

    private static AlertCondition BehindPace(Metric metric, decimal actual, decimal expected, string agentId = "A1") =>
        new(agentId, AlertRule.BehindPace, metric, actual, expected);

    private static AlertCondition Inactive(decimal quietHours, string agentId = "A1") =>
        new(agentId, AlertRule.Inactive, null, quietHours, 2m);

    [Theory]
    // Thu 19 Nov 12:00: elapsed 3 × 9 + 3 = 30 h of 45, share 2/3; expected visits 15 × 2/3 = 10.
    [InlineData(8, false)] // 8 ÷ 10 = 0.8
    [InlineData(7, false)] // 7 ÷ 10 = 0.7: exactly at the threshold is not behind ("pace < threshold")
    [InlineData(6, true)]  // 6 ÷ 10 = 0.6 < 0.7
    public void Behind_pace_holds_below_the_threshold_and_not_at_it(int visits, bool behind)
    {
        var now = At("2026-11-19T12:00:00+08:00");
        // 10 proactive of an expected 10 × 2/3 = 6.67 keeps the proactive standard out of the way.
        var conditions = Evaluate(now, BusyAgent(now, visits, proactive: 10));

        Assert.Equal(behind ? [BehindPace(Metric.Visits, visits, 10m)] : [], conditions);
    }

    [Theory]
    // Shares of 1/3 and 2/3 have no exact decimal (0.333…, 0.666…7); the threshold still holds exactly.
    [InlineData(30, 14, "2026-11-19T12:00:00+08:00")] // Thu 12:00, share 30/45 = 2/3: expected 20, 14 ÷ 20 = 0.7
    [InlineData(45, 21, "2026-11-19T12:00:00+08:00")] // expected 30, 21 ÷ 30 = 0.7
    [InlineData(30, 7, "2026-11-17T15:00:00+08:00")]  // Tue 15:00, share 15/45 = 1/3: expected 10, 7 ÷ 10 = 0.7
    public void Exactly_at_the_threshold_is_not_behind_even_when_the_share_is_a_repeating_decimal(int weekTarget, int visits, string now)
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, weekTarget)]);
        Assert.Empty(Evaluate(At(now), Agent([Target(book, Metric.Visits, WeekOfNov16)], week: Values((Metric.Visits, visits)), lastActivityAt: At(now))));
        Assert.Single(Evaluate(At(now), Agent([Target(book, Metric.Visits, WeekOfNov16)], week: Values((Metric.Visits, visits - 1)), lastActivityAt: At(now))));
    }

    [Fact]
    public void Exactly_at_a_configured_threshold_is_not_behind()
    {
        // Wed 18 Nov 13:30: elapsed 2 × 9 + 4.5 = 22.5 h of 45, share 0.5; expected visits 7.5, proactive 5.
        var now = At("2026-11-18T13:30:00+08:00");
        var strict = AlertSettings.Default with { BehindPaceThreshold = 0.8m };

        // 6 ÷ 7.5 = 0.8 and 4 ÷ 5 = 0.8: at the threshold, nothing.
        Assert.Empty(AlertEvaluator.Evaluate([BusyAgent(now, 6, 4)], strict, _pace, now));
        // 5 ÷ 7.5 = 0.667 and 3 ÷ 5 = 0.6: both behind, one condition per metric.
        Assert.Equal(
            [BehindPace(Metric.Visits, 5, 7.5m), BehindPace(Metric.ProactiveVisits, 3, 5m)],
            AlertEvaluator.Evaluate([BusyAgent(now, 5, 3)], strict, _pace, now));
    }

    [Fact]
    public void A_period_is_judged_once_it_has_run_the_minimum_share_of_its_working_time()
    {
        // Nothing done at all: every judged standard is behind (pace 0).
        // Mon 16 Nov 17:00: elapsed 8 h of 45 = 0.178 < 0.2 → not judged yet.
        Assert.Empty(Evaluate(At("2026-11-16T17:00:00+08:00"), BusyAgent(At("2026-11-16T17:00:00+08:00"), 0, 0)));
        // Mon 17:59:59: 8.9997 h, still below 9 h = 0.2 × 45.
        Assert.Empty(Evaluate(At("2026-11-16T17:59:59+08:00"), BusyAgent(At("2026-11-16T17:59:59+08:00"), 0, 0)));

        // Tue 17 Nov 09:00: elapsed 9 h of 45 = 0.2 exactly → judged. Expected visits 15 × 0.2 = 3, proactive 10 × 0.2 = 2.
        var tuesday = At("2026-11-17T09:00:00+08:00");
        Assert.Equal(
            [BehindPace(Metric.Visits, 0, 3m), BehindPace(Metric.ProactiveVisits, 0, 2m)],
            Evaluate(tuesday, BusyAgent(tuesday, 0, 0)));
    }

    [Fact]
    public void Behind_pace_still_holds_after_closing_time_so_an_open_alert_is_not_resolved_by_the_night()
    {
        // Mon 16 Nov 20:00: Monday's 9 h are over, share 9/45 = 0.2 → judged; expected proactive 2, actual 0.
        // (The book, told it is not working time, raises nothing from this; an alert already open stays open.)
        var evening = At("2026-11-16T20:00:00+08:00");
        Assert.Equal([BehindPace(Metric.ProactiveVisits, 0, 2m)], Evaluate(evening, BusyAgent(evening, visits: 3, proactive: 0)));

        // Saturday 21 Nov 10:00: the week's working time is all over, share 1: expected 15 and 10.
        // 10 visits ÷ 15 = 0.667 behind; 7 proactive ÷ 10 = 0.7 not behind.
        var saturday = At("2026-11-21T10:00:00+08:00");
        Assert.Equal([BehindPace(Metric.Visits, 10, 15m)], Evaluate(saturday, BusyAgent(saturday, 10, 7)));
    }

    [Fact]
    public void A_day_target_is_judged_from_a_fifth_of_the_day()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Branch, BranchId, Metric.Calls, PeriodKind.Day, 10)]);
        var tuesday = new PeriodKey(PeriodKind.Day, Date("2026-11-17"));
        IReadOnlyList<ResolvedTarget> targets = [Target(book, Metric.Calls, tuesday)];

        // Tue 10:47: 1 h 47 min of 9 h = 0.198 < 0.2 → not judged.
        var early = At("2026-11-17T10:47:00+08:00");
        Assert.Empty(Evaluate(early, Agent(targets, day: Values(), lastActivityAt: early)));
        // Tue 10:48: 1.8 h of 9 = 0.2 → judged; expected 10 × 0.2 = 2 calls, actual 1 → pace 0.5.
        var judged = At("2026-11-17T10:48:00+08:00");
        Assert.Equal([BehindPace(Metric.Calls, 1, 2m)], Evaluate(judged, Agent(targets, day: Values((Metric.Calls, 1)), lastActivityAt: judged)));
    }

    [Fact]
    public void Expected_is_given_to_the_cent()
    {
        // Tue 17 Nov 11:00: elapsed (9 + 2)/45 = 0.2444; expected 15 × 11/45 = 3.666… → 3.67; actual 2 → pace 0.545.
        // Proactive: expected 10 × 11/45 = 2.444…, actual 2 → pace 0.818, fine.
        var now = At("2026-11-17T11:00:00+08:00");
        Assert.Equal([BehindPace(Metric.Visits, 2, 3.67m)], Evaluate(now, BusyAgent(now, 2, 2)));
    }

    [Fact]
    public void Week_targets_derived_from_a_monthly_split_are_not_judged_but_the_month_is()
    {
        // 30 A-class sales visits in November, split 10 / 5 / 5 / 10 over the month's weekly blocks.
        var book = new TargetBook([new TargetSetting(TargetScope.Team, TeamId, Metric.AClassSalesVisits, PeriodKind.Month, 30, [10, 5, 5, 10])]);
        var weekOfNov9 = new PeriodKey(PeriodKind.Week, Date("2026-11-09"));
        var derivedWeek = Target(book, Metric.AClassSalesVisits, weekOfNov9);
        var month = Target(book, Metric.AClassSalesVisits, November);
        Assert.True(derivedWeek.FromWeeklySplit); // block 2 → 5 for the week
        IReadOnlyList<ResolvedTarget> targets = [derivedWeek, month];

        // Wed 11 Nov 13:30. Month: elapsed 45 + 22.5 = 67.5 h of 189 = 0.357 ≥ 0.2; with the split, expected
        // 10 + 5 × 22.5/45 = 12.5. The derived week would expect 5 × 0.5 = 2.5.
        var now = At("2026-11-11T13:30:00+08:00");

        // Month 10 ÷ 12.5 = 0.8 → fine; the week's 0 ÷ 2.5 = 0 would be behind, but it is not the agent's own target.
        Assert.Empty(Evaluate(now, Agent(targets, week: Values(), month: Values((Metric.AClassSalesVisits, 10)), lastActivityAt: now)));
        // Month 8 ÷ 12.5 = 0.64 → behind, and the condition names the month.
        Assert.Equal(
            [BehindPace(Metric.AClassSalesVisits, 8, 12.5m)],
            Evaluate(now, Agent(targets, week: Values(), month: Values((Metric.AClassSalesVisits, 8)), lastActivityAt: now)));
    }

    [Fact]
    public void A_zero_target_is_never_behind()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, 0)]);
        var now = At("2026-11-19T12:00:00+08:00");
        Assert.Empty(Evaluate(now, Agent([Target(book, Metric.Visits, WeekOfNov16)], week: Values(), lastActivityAt: now)));
    }

    [Fact]
    public void When_day_and_week_are_both_behind_the_condition_names_the_lower_pace()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Day, 3),
            new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, 15),
        ]);
        IReadOnlyList<ResolvedTarget> targets =
            [Target(book, Metric.Visits, new PeriodKey(PeriodKind.Day, Date("2026-11-18"))), Target(book, Metric.Visits, WeekOfNov16)];
        // Wed 18 Nov 13:30: day share 4.5/9 = 0.5 → expected 1.5; week share 22.5/45 = 0.5 → expected 7.5.
        var now = At("2026-11-18T13:30:00+08:00");
        AlertAgentSnapshot With(decimal today, decimal thisWeek) =>
            Agent(targets, day: Values((Metric.Visits, today)), week: Values((Metric.Visits, thisWeek)), lastActivityAt: now);

        // Day 0 ÷ 1.5 = 0 and week 5 ÷ 7.5 = 0.667: both behind, the day is worse.
        Assert.Equal([BehindPace(Metric.Visits, 0, 1.5m)], Evaluate(now, With(0, 5)));
        // Day 1 ÷ 1.5 = 0.667 and week 3 ÷ 7.5 = 0.4: both behind, the week is worse.
        Assert.Equal([BehindPace(Metric.Visits, 3, 7.5m)], Evaluate(now, With(1, 3)));
        // Day 2 ÷ 1.5 = 1.33 is ahead; the week alone is behind.
        Assert.Equal([BehindPace(Metric.Visits, 3, 7.5m)], Evaluate(now, With(2, 3)));
    }

    [Fact]
    public void A_quarter_further_behind_than_the_week_is_the_period_the_condition_names()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Week, 15),
            new TargetSetting(TargetScope.Branch, BranchId, Metric.Visits, PeriodKind.Quarter, 132),
        ]);
        var q4 = new PeriodKey(PeriodKind.Quarter, Date("2026-10-01"));
        IReadOnlyList<ResolvedTarget> targets = [Target(book, Metric.Visits, WeekOfNov16), Target(book, Metric.Visits, q4)];
        // Wed 18 Nov 13:30. The fourth quarter has 22 + 21 + 23 = 66 working days; 22 (October) + 12 (November to
        // the 17th) + 0.5 have passed: share 34.5/66, expected 132 × 34.5/66 = 69. The week: 7.5, as above.
        var now = At("2026-11-18T13:30:00+08:00");
        AlertAgentSnapshot With(decimal thisWeek, decimal thisQuarter) => new("A1",
            new Dictionary<PeriodKind, MetricValues>
            {
                [PeriodKind.Week] = Values((Metric.Visits, thisWeek)),
                [PeriodKind.Quarter] = Values((Metric.Visits, thisQuarter)),
            },
            targets, now, true);

        // Week 5 ÷ 7.5 = 0.667, quarter 20 ÷ 69 = 0.29: the quarter is worse.
        Assert.Equal([BehindPace(Metric.Visits, 20, 69m)], Evaluate(now, With(5, 20)));
        // Week 3 ÷ 7.5 = 0.4, quarter 45 ÷ 69 = 0.65: the week is worse.
        Assert.Equal([BehindPace(Metric.Visits, 3, 7.5m)], Evaluate(now, With(3, 45)));
        // The quarter alone behind.
        Assert.Equal([BehindPace(Metric.Visits, 20, 69m)], Evaluate(now, With(8, 20)));
    }

    [Theory]
    // Tuesday 17 November; opening 09:00. Quiet time is working time since the later of the last call/visit today and opening.
    [InlineData(null, "2026-11-17T11:00:00+08:00", "2")]                         // nothing today: 09:00–11:00 = 2 h → holds
    [InlineData(null, "2026-11-17T10:59:00+08:00", null)]                        // 1 h 59 min
    [InlineData("2026-11-17T10:30:00+08:00", "2026-11-17T12:30:00+08:00", "2")]  // 10:30–12:30 = 2 h
    [InlineData("2026-11-17T10:30:00+08:00", "2026-11-17T12:29:00+08:00", null)] // 1 h 59 min
    [InlineData("2026-11-17T09:45:00+08:00", "2026-11-17T13:00:00+08:00", "3.25")] // 3 h 15 min
    [InlineData("2026-11-17T08:15:00+08:00", "2026-11-17T11:00:00+08:00", "2")]  // a call before opening counts from opening
    [InlineData("2026-11-16T17:30:00+08:00", "2026-11-17T11:00:00+08:00", "2")]  // yesterday's visit does not carry over
    [InlineData(null, "2026-11-17T17:59:00+08:00", "8.98")]                      // 8 h 59 min = 8.9833 → 8.98
    public void Inactive_after_two_working_hours_without_a_call_or_visit(string? lastActivity, string now, string? quietHours)
    {
        var snapshot = Agent(WeekStandard(), week: Values((Metric.Visits, 15), (Metric.ProactiveVisits, 10)),
            lastActivityAt: lastActivity is null ? null : At(lastActivity));

        var conditions = Evaluate(At(now), snapshot);

        Assert.Equal(quietHours is null ? [] : [Inactive(decimal.Parse(quietHours, System.Globalization.CultureInfo.InvariantCulture))], conditions);
    }

    [Theory]
    [InlineData("2026-11-17T08:59:00+08:00")] // before opening
    [InlineData("2026-11-17T18:00:00+08:00")] // closing is exclusive
    [InlineData("2026-11-16T20:00:00+08:00")] // Monday evening
    [InlineData("2026-11-21T10:00:00+08:00")] // Saturday
    [InlineData("2026-11-22T15:00:00+08:00")] // Sunday
    public void Inactive_never_holds_outside_working_time(string now)
    {
        // No call or visit all day, and a full week's standard already met so only inactivity could hold.
        var snapshot = Agent(WeekStandard(), week: Values((Metric.Visits, 15), (Metric.ProactiveVisits, 10)));
        Assert.Empty(Evaluate(At(now), snapshot));
    }

    [Fact]
    public void Members_not_active_in_the_team_are_never_judged()
    {
        // Thu 19 Nov 12:00 (share 2/3), nothing done all week, nothing today.
        var now = At("2026-11-19T12:00:00+08:00");
        var gone = Agent(WeekStandard(), week: Values(), active: false, agentId: "GONE");
        var idle = Agent(WeekStandard(), week: Values(), active: true, agentId: "IDLE");

        // Only the active member: visits 0 of 10, proactive 0 of 10 × 2/3 = 6.67 (→ 6.67), quiet 09:00–12:00 = 3 h.
        Assert.Equal(
            [BehindPace(Metric.Visits, 0, 10m, "IDLE"), BehindPace(Metric.ProactiveVisits, 0, 6.67m, "IDLE"), Inactive(3m, "IDLE")],
            Evaluate(now, gone, idle));
    }

    [Fact]
    public void Disabled_rules_never_hold()
    {
        var now = At("2026-11-19T12:00:00+08:00");
        var idle = Agent(WeekStandard(), week: Values());

        Assert.Equal([Inactive(3m)],
            AlertEvaluator.Evaluate([idle], AlertSettings.Default with { BehindPaceEnabled = false }, _pace, now));
        Assert.Equal([BehindPace(Metric.Visits, 0, 10m), BehindPace(Metric.ProactiveVisits, 0, 6.67m)],
            AlertEvaluator.Evaluate([idle], AlertSettings.Default with { InactiveEnabled = false }, _pace, now));
    }

    [Fact]
    public void A_missing_actual_counts_as_nothing_done()
    {
        // No totals for the week at all (the agent did nothing yet): Tue 09:00, expected 3 and 2.
        var now = At("2026-11-17T09:00:00+08:00");
        Assert.Equal(
            [BehindPace(Metric.Visits, 0, 3m), BehindPace(Metric.ProactiveVisits, 0, 2m)],
            Evaluate(now, Agent(WeekStandard(), lastActivityAt: now)));
    }
}
