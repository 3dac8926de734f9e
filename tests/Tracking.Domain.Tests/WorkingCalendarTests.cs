using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class WorkingCalendarTests
{
    private static readonly PeriodKey WeekOfNov23 = new(PeriodKind.Week, Date("2026-11-23")); // Mon 23 .. Sun 29 November 2026

    private static WorkingCalendar Shanghai(IEnumerable<DayOfWeek>? days = null) =>
        new(BranchClock.For("Asia/Shanghai"), days);

    [Fact]
    public void Defaults_are_Monday_to_Friday_from_9_to_18()
    {
        var calendar = Shanghai();

        Assert.Equal(new TimeOnly(9, 0), calendar.OpensAt);
        Assert.Equal(new TimeOnly(18, 0), calendar.ClosesAt);
        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            calendar.WorkingDays);
    }

    [Theory]
    [InlineData("2026-11-25T08:59:59+08:00", false)] // Wednesday, a second before opening
    [InlineData("2026-11-25T09:00:00+08:00", true)]  // opening is inclusive
    [InlineData("2026-11-25T13:30:00+08:00", true)]
    [InlineData("2026-11-25T17:59:59+08:00", true)]
    [InlineData("2026-11-25T18:00:00+08:00", false)] // closing is exclusive
    [InlineData("2026-11-28T11:00:00+08:00", false)] // Saturday
    [InlineData("2026-11-25T05:30:00Z", true)]       // 13:30 Shanghai given in UTC
    [InlineData("2026-11-25T00:30:00Z", false)]      // 08:30 Shanghai given in UTC
    public void IsWorkingTime_uses_branch_local_time(string instant, bool expected) =>
        Assert.Equal(expected, Shanghai().IsWorkingTime(At(instant)));

    [Fact]
    public void Saturday_is_working_time_when_the_branch_works_Monday_to_Saturday()
    {
        var calendar = Shanghai(WorkingCalendar.MondayToSaturday);
        Assert.True(calendar.IsWorkingTime(At("2026-11-28T11:00:00+08:00")));
        Assert.False(calendar.IsWorkingTime(At("2026-11-29T11:00:00+08:00"))); // Sunday
    }

    [Fact]
    public void Working_time_of_a_week_month_and_day()
    {
        var calendar = Shanghai();
        // 5 days × 9 h.
        Assert.Equal(TimeSpan.FromHours(45), calendar.WorkingTime(WeekOfNov23));
        // November 2026 has 21 weekdays (Mon 2 .. Mon 30): 21 × 9 = 189 h.
        Assert.Equal(TimeSpan.FromHours(189), calendar.WorkingTime(new PeriodKey(PeriodKind.Month, Date("2026-11-01"))));
        Assert.Equal(TimeSpan.FromHours(9), calendar.WorkingTime(new PeriodKey(PeriodKind.Day, Date("2026-11-25"))));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTime(new PeriodKey(PeriodKind.Day, Date("2026-11-29")))); // Sunday
        // Monday–Saturday: 6 × 9 = 54 h.
        Assert.Equal(TimeSpan.FromHours(54), Shanghai(WorkingCalendar.MondayToSaturday).WorkingTime(WeekOfNov23));
    }

    [Fact]
    public void Working_time_between_two_instants_counts_only_the_hours_inside_working_windows()
    {
        var calendar = Shanghai();
        // Tue 17:00 → Thu 10:00: Tue 17–18 (1 h) + Wed 9–18 (9 h) + Thu 9–10 (1 h) = 11 h.
        Assert.Equal(TimeSpan.FromHours(11),
            calendar.WorkingTimeBetween(At("2026-11-24T17:00:00+08:00"), At("2026-11-26T10:00:00+08:00")));
        // Fri 12:00 → Mon 10:30: Fri 12–18 (6 h) + Mon 9–10:30 (1.5 h) = 7.5 h; the weekend adds nothing.
        Assert.Equal(TimeSpan.FromHours(7.5),
            calendar.WorkingTimeBetween(At("2026-11-27T12:00:00+08:00"), At("2026-11-30T10:30:00+08:00")));
        // Within one day's closed hours, and an empty or reversed range: nothing.
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At("2026-11-25T19:00:00+08:00"), At("2026-11-25T23:00:00+08:00")));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At("2026-11-26T10:00:00+08:00"), At("2026-11-24T10:00:00+08:00")));
    }

    [Theory]
    // Mon–Fri 09–18 = 45 h a week.
    [InlineData("2026-11-22T12:00:00+08:00", "0")]      // the Sunday before the week
    [InlineData("2026-11-23T08:00:00+08:00", "0")]      // Monday before 09:00
    [InlineData("2026-11-23T09:00:00+08:00", "0")]      // Monday at opening
    [InlineData("2026-11-23T12:00:00+08:00", "0.0666666666666666666666666667")] // 3 / 45 = 1/15
    [InlineData("2026-11-25T13:30:00+08:00", "0.5")]    // Wed 13:30: (2 × 9 + 4.5) / 45 = 22.5 / 45
    [InlineData("2026-11-25T20:00:00+08:00", "0.6")]    // Wed evening: 3 × 9 / 45 = 27 / 45
    [InlineData("2026-11-27T17:00:00+08:00", "0.9777777777777777777777777778")] // Fri 17:00: 44 / 45
    [InlineData("2026-11-28T11:00:00+08:00", "1")]      // Saturday: the working week is over
    [InlineData("2026-11-29T23:30:00+08:00", "1")]      // Sunday night
    [InlineData("2026-12-02T10:00:00+08:00", "1")]      // after the week
    public void ElapsedShare_of_a_Monday_to_Friday_week(string now, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Shanghai().ElapsedShare(WeekOfNov23, At(now)));

    [Fact]
    public void ElapsedWorkingTime_is_clamped_to_the_period()
    {
        var calendar = Shanghai();
        Assert.Equal(TimeSpan.Zero, calendar.ElapsedWorkingTime(WeekOfNov23, At("2026-11-20T12:00:00+08:00")));
        Assert.Equal(TimeSpan.FromHours(22.5), calendar.ElapsedWorkingTime(WeekOfNov23, At("2026-11-25T13:30:00+08:00")));
        Assert.Equal(TimeSpan.FromHours(45), calendar.ElapsedWorkingTime(WeekOfNov23, At("2026-12-25T12:00:00+08:00")));
    }

    [Fact]
    public void ElapsedShare_of_a_Monday_to_Saturday_week_on_Saturday_noon()
    {
        // Mon–Sat 09–18 = 54 h; Saturday 12:00 → 5 × 9 + 3 = 48 h; 48 / 54 = 8/9.
        var share = Shanghai(WorkingCalendar.MondayToSaturday).ElapsedShare(WeekOfNov23, At("2026-11-28T12:00:00+08:00"));
        Assert.Equal(8m / 9m, share);
    }

    [Fact]
    public void A_day_off_has_share_0_until_it_ends_then_1()
    {
        var sunday = new PeriodKey(PeriodKind.Day, Date("2026-11-29"));
        var calendar = Shanghai();
        Assert.Equal(0m, calendar.ElapsedShare(sunday, At("2026-11-29T15:00:00+08:00")));
        Assert.Equal(1m, calendar.ElapsedShare(sunday, At("2026-11-30T00:00:00+08:00")));
    }

    [Fact]
    public void Working_hours_across_a_clock_change_are_measured_in_real_time()
    {
        // A London branch open on Sundays 01:00–03:00, to put the clock changes inside working hours.
        var calendar = new WorkingCalendar(BranchClock.For("Europe/London"), [DayOfWeek.Sunday], new TimeOnly(1, 0), new TimeOnly(3, 0));

        // 2026-10-25: 01:00 BST (00:00 UTC) → clocks back at 02:00 BST to 01:00 GMT → 03:00 GMT (03:00 UTC): 3 real hours.
        Assert.Equal(TimeSpan.FromHours(3), calendar.WorkingTime(new PeriodKey(PeriodKind.Day, Date("2026-10-25"))));
        // 2026-03-29: 01:00 GMT does not exist (clocks jump to 02:00 BST = 01:00 UTC) → 03:00 BST (02:00 UTC): 1 real hour.
        Assert.Equal(TimeSpan.FromHours(1), calendar.WorkingTime(new PeriodKey(PeriodKind.Day, Date("2026-03-29"))));
        // Half way through the long Sunday: 01:30 GMT (the second 01:30) = 01:30 UTC, 1.5 h after opening at 00:00 UTC.
        Assert.Equal(0.5m, calendar.ElapsedShare(new PeriodKey(PeriodKind.Day, Date("2026-10-25")), At("2026-10-25T01:30:00Z")));
        Assert.True(calendar.IsWorkingTime(At("2026-10-25T02:30:00Z"))); // 02:30 GMT
        Assert.False(calendar.IsWorkingTime(At("2026-10-25T03:00:00Z"))); // 03:00 GMT, closed
    }

    [Fact]
    public void A_Monday_to_Friday_week_over_the_October_clock_change_still_has_45_hours()
    {
        var calendar = new WorkingCalendar(BranchClock.For("Europe/London"));
        var week = new PeriodKey(PeriodKind.Week, Date("2026-10-19"));
        Assert.Equal(TimeSpan.FromHours(45), calendar.WorkingTime(week));
        // Friday 23rd 13:30 BST = 12:30 UTC: 4 × 9 + 4.5 = 40.5 of 45 h = 0.9.
        Assert.Equal(0.9m, calendar.ElapsedShare(week, At("2026-10-23T12:30:00Z")));
    }

    [Fact]
    public void Invalid_calendars_are_refused()
    {
        var clock = BranchClock.For("Asia/Shanghai");
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(clock, [], null, null));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(clock, null, new TimeOnly(18, 0), new TimeOnly(9, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar(clock, [(DayOfWeek)9]));
    }
    [Fact]
    public void Elapsed_share_by_day_of_a_week_grows_a_fifth_each_working_day()
    {
        // Mon–Fri 9 h each: by Monday's end 9 of 45 h = 0.2, … Friday's end 1; the weekend adds nothing.
        Assert.Equal([0.2m, 0.4m, 0.6m, 0.8m, 1m, 1m, 1m], Shanghai().ElapsedShareByDay(WeekOfNov23));
    }

    [Fact]
    public void Elapsed_share_by_day_of_a_month_counts_its_working_days()
    {
        // November 2026 starts on a Sunday and has 21 weekdays: Sunday 1st → 0, Monday 2nd → 1/21,
        // Friday 6th → 5/21, the weekend of the 7th and 8th stays at 5/21, Monday 30th → 21/21.
        var november = new PeriodKey(PeriodKind.Month, Date("2026-11-01"));
        var calendar = Shanghai();
        var shares = calendar.ElapsedShareByDay(november);

        Assert.Equal(30, shares.Length);
        Assert.Equal(0m, shares[0]);
        Assert.Equal(1m / 21m, shares[1]);
        Assert.Equal(5m / 21m, shares[5]);
        Assert.Equal(5m / 21m, shares[6]);
        Assert.Equal(5m / 21m, shares[7]);
        Assert.Equal(1m, shares[29]);
        // The same numbers as the elapsed share at each next local midnight.
        for (var i = 0; i < shares.Length; i++)
            Assert.Equal(calendar.ElapsedShare(november, calendar.Clock.StartOf(november.Start.AddDays(i + 1))), shares[i]);
    }

    [Fact]
    public void Elapsed_share_by_day_of_a_period_without_working_time_is_one_only_at_its_end()
    {
        Assert.Equal([1m], Shanghai().ElapsedShareByDay(new PeriodKey(PeriodKind.Day, Date("2026-11-29")))); // a Sunday
        Assert.Equal([1m], Shanghai().ElapsedShareByDay(new PeriodKey(PeriodKind.Day, Date("2026-11-25")))); // a working day, whole
        // A Sunday-only branch's week: nothing until its one working day, the last.
        Assert.Equal([0m, 0m, 0m, 0m, 0m, 0m, 1m], Shanghai([DayOfWeek.Sunday]).ElapsedShareByDay(WeekOfNov23));
    }

    [Fact]
    public void Elapsed_share_by_day_weighs_a_clock_change_day_by_its_real_hours()
    {
        // A London branch open on Sundays 01:00–03:00: in October 2026 the 4th, 11th and 18th have 2 h each and
        // the 25th (clocks go back) 3 h, 9 h in all. By the end of the 18th 6 of 9 h have passed; the 25th ends at 1.
        var calendar = new WorkingCalendar(BranchClock.For("Europe/London"), [DayOfWeek.Sunday], new TimeOnly(1, 0), new TimeOnly(3, 0));
        var shares = calendar.ElapsedShareByDay(new PeriodKey(PeriodKind.Month, Date("2026-10-01")));

        Assert.Equal(31, shares.Length);
        Assert.Equal(0m, shares[2]);         // Saturday 3rd
        Assert.Equal(2m / 9m, shares[3]);    // Sunday 4th
        Assert.Equal(6m / 9m, shares[17]);   // Sunday 18th
        Assert.Equal(6m / 9m, shares[23]);   // Saturday 24th
        Assert.Equal(1m, shares[24]);        // Sunday 25th, 3 real hours
    }
}
