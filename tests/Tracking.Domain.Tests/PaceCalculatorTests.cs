using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class PaceCalculatorTests
{
    // Shanghai (no DST), Monday–Friday 09:00–18:00: 9 h a day, 45 h a week.
    // Per test instance: the calculator caches working windows, and tests share no mutable state.
    private readonly PaceCalculator _pace = new(new WorkingCalendar(BranchClock.For("Asia/Shanghai")));
    private static readonly PeriodKey WeekOfNov23 = new(PeriodKind.Week, Date("2026-11-23"));
    private static readonly PeriodKey November = new(PeriodKind.Month, Date("2026-11-01"));
    private static readonly IReadOnlyList<decimal> Split10_5_5_10 = [10m, 5m, 5m, 10m];

    [Theory]
    // Target 15 visits a week.
    [InlineData("2026-11-25T13:30:00+08:00", 6, "0.8")]  // Wed 13:30: share (2×9 + 4.5)/45 = 0.5, expected 7.5, 6 ÷ 7.5 = 0.8
    [InlineData("2026-11-24T18:00:00+08:00", 9, "1.5")]  // Tue 18:00: share 18/45 = 0.4, expected 6, 9 ÷ 6 = 1.5
    [InlineData("2026-11-28T11:00:00+08:00", 12, "0.8")] // Saturday: share 1, expected 15, 12 ÷ 15 = 0.8
    [InlineData("2026-11-29T23:30:00+08:00", 15, "1")]   // Sunday night: share 1, 15 ÷ 15
    [InlineData("2026-11-23T08:00:00+08:00", 0, null)]   // Monday before 09:00: share 0, nothing expected yet
    [InlineData("2026-11-23T09:00:00+08:00", 1, null)]   // Monday at 09:00 exactly: still share 0
    [InlineData("2026-11-22T20:00:00+08:00", 2, null)]   // the Sunday before the week
    public void Pace_of_a_week_target_at_chosen_instants(string now, int actual, string? expected)
    {
        var pace = _pace.Pace(actual, WeekOfNov23, 15m, null, At(now));
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), pace);
    }

    [Fact]
    public void Expected_so_far_of_a_week_target_is_target_times_elapsed_share()
    {
        Assert.Equal(7.5m, _pace.ExpectedSoFar(WeekOfNov23, 15m, null, At("2026-11-25T13:30:00+08:00"))); // 15 × 0.5
        Assert.Equal(0m, _pace.ExpectedSoFar(WeekOfNov23, 15m, null, At("2026-11-23T07:00:00+08:00")));
        Assert.Equal(15m, _pace.ExpectedSoFar(WeekOfNov23, 15m, null, At("2026-11-28T07:00:00+08:00")));
    }

    [Fact]
    public void No_pace_without_a_target_or_with_a_zero_target()
    {
        var now = At("2026-11-25T13:30:00+08:00");
        Assert.Null(_pace.Pace(5, WeekOfNov23, null, null, now));
        Assert.Null(_pace.Pace(5, WeekOfNov23, 0m, null, now));
        Assert.Null(_pace.Pace(5m, null, now));
    }

    [Fact]
    public void PaceOf_divides_actual_by_target_times_share()
    {
        Assert.Equal(0.8m, PaceCalculator.PaceOf(6, 15, 0.5m)); // 6 ÷ (15 × 0.5)
        Assert.Null(PaceCalculator.PaceOf(6, 15, 0m));
        Assert.Null(PaceCalculator.PaceOf(6, 0, 0.5m));
        Assert.Null(PaceCalculator.PaceOf(6, null, 0.5m));
    }

    [Fact]
    public void PaceAgainst_divides_actual_by_what_is_expected_so_far()
    {
        Assert.Equal(0.8m, PaceCalculator.PaceAgainst(6, 15, 7.5m)); // 6 ÷ 7.5
        Assert.Null(PaceCalculator.PaceAgainst(6, 15, 0m));           // nothing expected yet
        Assert.Null(PaceCalculator.PaceAgainst(6, 0, 0m));            // a target of 0
    }

    // November 2026 with a 10 / 5 / 5 / 10 split. Blocks and their Mon–Fri working time:
    //   block 1, days 1–7:   Mon 2 .. Fri 6            = 5 × 9 = 45 h
    //   block 2, days 8–14:  Mon 9 .. Fri 13           = 45 h
    //   block 3, days 15–21: Mon 16 .. Fri 20          = 45 h
    //   block 4, days 22–30: Mon 23 .. Fri 27, Mon 30  = 6 × 9 = 54 h
    [Theory]
    [InlineData("2026-11-01T10:00:00+08:00", "0")]    // Sunday 1st: no working time yet
    [InlineData("2026-11-04T13:30:00+08:00", "5")]    // Wed 4th: 10 × 22.5/45 = 5
    [InlineData("2026-11-07T10:00:00+08:00", "10")]   // Saturday 7th: block 1 fully elapsed = 10
    [InlineData("2026-11-11T13:30:00+08:00", "12.5")] // Wed 11th: 10 + 5 × 22.5/45 = 12.5
    [InlineData("2026-11-21T12:00:00+08:00", "20")]   // Saturday 21st: 10 + 5 + 5 = 20, block 4 not begun
    [InlineData("2026-11-27T18:00:00+08:00", "28.333333333333333333333333333")] // Fri 27th close: 20 + 10 × 45/54 = 20 + 8⅓
    [InlineData("2026-12-01T00:00:00+08:00", "30")]   // month over: 10 + 5 + 5 + 10
    public void Expected_so_far_of_a_month_with_a_10_5_5_10_split(string now, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            _pace.ExpectedSoFar(November, 30m, Split10_5_5_10, At(now)));

    [Fact]
    public void Pace_of_a_month_with_a_10_5_5_10_split()
    {
        // Wed 4th 13:30: expected 5, actual 4 → 0.8.
        Assert.Equal(0.8m, _pace.Pace(4, November, 30m, Split10_5_5_10, At("2026-11-04T13:30:00+08:00")));
        // Wed 11th 13:30: expected 12.5, actual 15 → 1.2.
        Assert.Equal(1.2m, _pace.Pace(15, November, 30m, Split10_5_5_10, At("2026-11-11T13:30:00+08:00")));
        // Mon 30th 13:30: block 4 elapsed 45 + 4.5 = 49.5 of 54 h = 11/12; expected 20 + 10 × 11/12 = 350/12;
        // actual 35 → 35 × 12 / 350 = 1.2 (exact up to decimal's 28 digits).
        Assert.Equal(1.2m, decimal.Round(_pace.Pace(35, November, 30m, Split10_5_5_10, At("2026-11-30T13:30:00+08:00"))!.Value, 20));
        // Sunday 1st: nothing expected yet → null, not infinity.
        Assert.Null(_pace.Pace(1, November, 30m, Split10_5_5_10, At("2026-11-01T10:00:00+08:00")));

        // Without the split the month is spread evenly over its 189 working hours: on Wed 4th 13:30
        // expected 30 × 22.5/189 = 3.571428…, so 4 visits would look ahead (4 ÷ 3.5714 = 1.12) instead of behind.
        // (4 × 189 ÷ 675 = 1.12 exactly; decimal's 28-digit quotient of 22.5/189 leaves a trailing digit.)
        Assert.Equal(1.12m, decimal.Round(_pace.Pace(4, November, 30m, null, At("2026-11-04T13:30:00+08:00"))!.Value, 20));
    }

    [Fact]
    public void Pace_of_a_resolved_month_target_uses_its_split()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30, Split10_5_5_10)]);
        var target = book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, November);

        Assert.Equal(12.5m, _pace.ExpectedSoFar(target!, At("2026-11-11T13:30:00+08:00")));
        Assert.Equal(1.2m, _pace.Pace(15, target, At("2026-11-11T13:30:00+08:00")));
    }

    [Fact]
    public void Pace_of_a_week_target_derived_from_a_split_uses_the_weeks_working_time()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30, Split10_5_5_10)]);
        // Week of Mon 9 Nov (Thursday 12th, block 2) → 5; Wed 13:30 share 0.5 → expected 2.5; actual 2 → 0.8.
        var target = book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, new PeriodKey(PeriodKind.Week, Date("2026-11-09")));
        Assert.Equal(0.8m, _pace.Pace(2, target, At("2026-11-11T13:30:00+08:00")));
    }

    [Fact]
    public void An_empty_fifth_block_of_February_counts_only_once_the_month_is_over()
    {
        // February 2027 has 28 days; a split 5/5/5/5/1 leaves block 5 (days 29+) empty.
        var february = new PeriodKey(PeriodKind.Month, Date("2027-02-01"));
        decimal[] split = [5, 5, 5, 5, 1];
        Assert.Equal(20m, _pace.ExpectedSoFar(february, 21m, split, At("2027-02-28T23:00:00+08:00")));
        Assert.Equal(21m, _pace.ExpectedSoFar(february, 21m, split, At("2027-03-01T00:00:00+08:00")));
    }

    [Fact]
    public void Attainment_is_actual_over_target_and_null_without_a_target()
    {
        Assert.Equal(0.95m, Attainment.Of(1900, 2000)); // the KPI deck's example: 1900 ÷ 2000 = 95%
        Assert.Equal(1.25m, Attainment.Of(25, 20));
        Assert.Null(Attainment.Of(25, 0));
        Assert.Null(Attainment.Of(25, null));

        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Visits, PeriodKind.Week, 15),
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Week, 0),
        ]);
        var targets = book.ResolveAll(TargetOwner.Agent("A1", "T1", "SZ01"), WeekOfNov23);
        var attainment = Attainment.ForAll(targets, Values((Metric.Visits, 12), (Metric.Calls, 30)));

        Assert.Equal(2, attainment.Count);
        Assert.Equal(0.8m, attainment[Metric.Visits]); // 12 ÷ 15
        Assert.Null(attainment[Metric.Calls]);         // target 0
    }

    [Fact]
    public void Resolved_targets_give_what_is_expected_so_far_and_the_pace_against_it()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Visits, PeriodKind.Week, 15),
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.ProactiveVisits, PeriodKind.Week, 10),
        ]);
        var targets = book.ResolveAll(TargetOwner.Agent("A1", "T1", "SZ01"), WeekOfNov23);
        var now = At("2026-11-25T13:30:00+08:00");

        Assert.Equal(7.5m, _pace.ExpectedSoFar(targets[Metric.Visits], now));         // 15 × 0.5
        Assert.Equal(5m, _pace.ExpectedSoFar(targets[Metric.ProactiveVisits], now));  // 10 × 0.5
        Assert.Equal(0.8m, PaceCalculator.PaceAgainst(6, 15, _pace.ExpectedSoFar(targets[Metric.Visits], now)));
        Assert.Equal(1m, PaceCalculator.PaceAgainst(5, 10, _pace.ExpectedSoFar(targets[Metric.ProactiveVisits], now)));
        Assert.Null(PaceCalculator.PaceAgainst(3, 0, 0));
        Assert.False(targets.ContainsKey(Metric.Calls));
    }
}
