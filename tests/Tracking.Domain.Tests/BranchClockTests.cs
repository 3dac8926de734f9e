using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class BranchClockTests
{
    [Fact]
    public void Sunday_2330_in_Shanghai_counts_in_the_ISO_week_that_started_on_Monday()
    {
        var clock = BranchClock.For("Asia/Shanghai");
        // Sunday 2026-11-29 23:30 +08:00 = 15:30 UTC; given in UTC to prove the conversion happens.
        var sundayLate = At("2026-11-29T15:30:00Z");

        var week = clock.PeriodOf(PeriodKind.Week, sundayLate);

        Assert.Equal(new PeriodKey(PeriodKind.Week, Date("2026-11-23")), week); // Monday 2026-11-23
        var (start, end) = clock.Bounds(week);
        Assert.Equal(At("2026-11-23T00:00:00+08:00"), start);
        Assert.Equal(TimeSpan.FromHours(8), start.Offset);
        Assert.Equal(At("2026-11-30T00:00:00+08:00"), end);
        Assert.True(sundayLate >= start && sundayLate < end);
        // Thirty minutes later (Monday 00:00 local) is the next week.
        Assert.Equal(Date("2026-11-30"), clock.PeriodOf(PeriodKind.Week, sundayLate.AddMinutes(30)).Start);
    }

    [Fact]
    public void Sunday_2330_in_London_on_the_October_clock_change_counts_in_the_week_from_Monday_19th()
    {
        var clock = BranchClock.For("Europe/London");
        // 2026-10-25 is the last Sunday of October: at 01:00 UTC the clocks go back from BST (+01) to GMT (+00).
        // 23:30 that Sunday is GMT, so the instant is 23:30 UTC.
        var sundayLate = At("2026-10-25T23:30:00+00:00");

        var week = clock.PeriodOf(PeriodKind.Week, sundayLate);

        Assert.Equal(new PeriodKey(PeriodKind.Week, Date("2026-10-19")), week);
        var (start, end) = clock.Bounds(week);
        // Monday 19th starts in summer time, Monday 26th in winter time: the week lasts 7 × 24 + 1 = 169 hours.
        Assert.Equal(TimeSpan.FromHours(1), start.Offset);
        Assert.Equal(At("2026-10-19T00:00:00+01:00"), start);
        Assert.Equal(TimeSpan.Zero, end.Offset);
        Assert.Equal(At("2026-10-26T00:00:00+00:00"), end);
        Assert.Equal(TimeSpan.FromHours(169), end - start);
        Assert.True(sundayLate >= start && sundayLate < end);
        // The same instant seen from Shanghai (Monday 07:30 there) is still Sunday in London.
        Assert.Equal(Date("2026-10-25"), clock.LocalDate(At("2026-10-26T07:30:00+08:00")));
        Assert.Equal(Date("2026-10-26"), clock.PeriodOf(PeriodKind.Week, sundayLate.AddMinutes(30)).Start);
    }

    [Fact]
    public void The_25_hour_day_of_the_October_change_in_London_has_bounds_with_both_offsets()
    {
        var clock = BranchClock.For("Europe/London");
        var (start, end) = clock.Bounds(new PeriodKey(PeriodKind.Day, Date("2026-10-25")));

        Assert.Equal(At("2026-10-25T00:00:00+01:00"), start);
        Assert.Equal(At("2026-10-26T00:00:00+00:00"), end);
        Assert.Equal(TimeSpan.FromHours(25), end - start);
    }

    [Fact]
    public void StartOf_a_day_whose_midnight_is_skipped_in_Santiago_is_0100_summer_time()
    {
        var clock = BranchClock.For("America/Santiago");
        var day = Date("2026-09-06");
        // Chile springs forward at 24:00 on Saturday 5 September 2026: 00:00 → 01:00 (-04 → -03).
        Assert.True(clock.Zone.IsInvalidTime(new DateTime(2026, 9, 6, 0, 0, 0, DateTimeKind.Unspecified)));

        var start = clock.StartOf(day);

        // The first local time that exists is 01:00 at -03:00 = 04:00 UTC, which is also when Saturday ends.
        Assert.Equal(At("2026-09-06T01:00:00-03:00"), start);
        Assert.Equal(TimeSpan.FromHours(-3), start.Offset);
        Assert.Equal(At("2026-09-06T04:00:00Z"), clock.Bounds(new PeriodKey(PeriodKind.Day, Date("2026-09-05"))).End);
        // So that Sunday lasts 23 hours: 01:00-03 to the next midnight at -03.
        Assert.Equal(TimeSpan.FromHours(23), clock.StartOf(Date("2026-09-07")) - start);
        Assert.Equal(day, clock.LocalDate(start));
    }

    [Fact]
    public void StartOf_a_day_whose_midnight_is_skipped_in_Havana_is_0100_daylight_time()
    {
        var clock = BranchClock.For("America/Havana");
        // Cuba springs forward at 00:00 on Sunday 8 March 2026: 00:00 CST (-05) → 01:00 CDT (-04).
        Assert.True(clock.Zone.IsInvalidTime(new DateTime(2026, 3, 8, 0, 0, 0, DateTimeKind.Unspecified)));

        Assert.Equal(At("2026-03-08T01:00:00-04:00"), clock.StartOf(Date("2026-03-08"))); // = 05:00 UTC
    }

    [Fact]
    public void StartOf_a_day_whose_midnight_happens_twice_in_Havana_is_the_first_midnight()
    {
        var clock = BranchClock.For("America/Havana");
        // Cuba falls back at 01:00 CDT on Sunday 1 November 2026 to 00:00 CST, so 00:00–00:59 happens twice.
        Assert.True(clock.Zone.IsAmbiguousTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Unspecified)));

        var start = clock.StartOf(Date("2026-11-01"));

        // The first midnight is CDT (-04:00) = 04:00 UTC, exactly where Saturday 31 October ends.
        Assert.Equal(At("2026-11-01T00:00:00-04:00"), start);
        Assert.Equal(TimeSpan.FromHours(-4), start.Offset);
        Assert.Equal(Date("2026-10-31"), clock.LocalDate(start.AddTicks(-1)));
        Assert.Equal(TimeSpan.FromHours(25), clock.StartOf(Date("2026-11-02")) - start);
    }

    [Fact]
    public void AtLocal_moves_a_skipped_wall_time_forward_and_takes_the_first_of_a_repeated_one()
    {
        var london = BranchClock.For("Europe/London");
        // 2026-03-29 01:30 does not exist (01:00 GMT → 02:00 BST): the first existing time is 02:00 BST.
        Assert.Equal(At("2026-03-29T02:00:00+01:00"), london.AtLocal(new DateTime(2026, 3, 29, 1, 30, 0)));
        Assert.Equal(At("2026-03-29T02:00:00+01:00"), london.AtLocal(new DateTime(2026, 3, 29, 1, 30, 30))); // not 02:00:30
        Assert.Equal(At("2026-03-29T02:00:30+01:00"), london.AtLocal(new DateTime(2026, 3, 29, 2, 0, 30)));  // exists: unchanged
        // 2026-10-25 01:30 happens at +01:00 (00:30 UTC) and again at +00:00 (01:30 UTC): take the first.
        Assert.Equal(At("2026-10-25T00:30:00Z"), london.AtLocal(new DateTime(2026, 10, 25, 1, 30, 0)));
    }

    [Fact]
    public void Unknown_time_zones_are_reported()
    {
        Assert.True(BranchClock.IsKnownTimeZone("Asia/Shanghai"));
        Assert.False(BranchClock.IsKnownTimeZone("Mars/Olympus_Mons"));
        Assert.False(BranchClock.IsKnownTimeZone(""));
        Assert.False(BranchClock.IsKnownTimeZone(null));
    }

    [Fact]
    public void A_31_December_2330_event_in_Shanghai_is_in_last_years_quarter_and_year()
    {
        var clock = BranchClock.For("Asia/Shanghai");
        var lateOnNewYearsEve = At("2026-12-31T23:30:00+08:00"); // 15:30 UTC: 2026 in Shanghai and in UTC
        var justAfter = At("2026-12-31T16:30:00+00:00");           // 2027-01-01 00:30 in Shanghai, still 2026 in UTC

        Assert.Equal(new PeriodKey(PeriodKind.Year, Date("2026-01-01")), clock.PeriodOf(PeriodKind.Year, lateOnNewYearsEve));
        Assert.Equal(new PeriodKey(PeriodKind.Quarter, Date("2026-10-01")), clock.PeriodOf(PeriodKind.Quarter, lateOnNewYearsEve));
        Assert.Equal(new PeriodKey(PeriodKind.Year, Date("2027-01-01")), clock.PeriodOf(PeriodKind.Year, justAfter));
        Assert.Equal(new PeriodKey(PeriodKind.Quarter, Date("2027-01-01")), clock.PeriodOf(PeriodKind.Quarter, justAfter));

        var (start, end) = clock.Bounds(new PeriodKey(PeriodKind.Year, Date("2026-01-01")));
        Assert.Equal(At("2025-12-31T16:00:00+00:00"), start);
        Assert.Equal(At("2026-12-31T16:00:00+00:00"), end);
    }

    [Fact]
    public void A_quarter_across_the_March_change_in_London_starts_in_winter_time_and_ends_in_summer_time()
    {
        var clock = BranchClock.For("Europe/London");
        var (start, end) = clock.Bounds(new PeriodKey(PeriodKind.Quarter, Date("2026-01-01")));

        Assert.Equal(At("2026-01-01T00:00:00+00:00"), start);
        Assert.Equal(At("2026-04-01T00:00:00+01:00"), end);
        Assert.Equal(TimeSpan.FromHours(90 * 24 - 1), end - start); // the spring-forward hour is missing
        // 31 March 23:30 summer time is still the first quarter; 1 April 00:30 is the second.
        Assert.Equal(Date("2026-01-01"), clock.PeriodOf(PeriodKind.Quarter, At("2026-03-31T23:30:00+01:00")).Start);
        Assert.Equal(Date("2026-04-01"), clock.PeriodOf(PeriodKind.Quarter, At("2026-03-31T23:30:00+00:00")).Start);
    }
}
