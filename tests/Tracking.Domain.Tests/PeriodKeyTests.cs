using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class PeriodKeyTests
{
    [Theory]
    [InlineData("2026-11-23", "2026-11-23")] // Monday
    [InlineData("2026-11-29", "2026-11-23")] // Sunday belongs to the week that started on Monday
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2027-01-01", "2026-12-28")] // a week across the new year
    public void Weeks_start_on_Monday(string date, string monday) =>
        Assert.Equal(Date(monday), PeriodKey.Containing(PeriodKind.Week, Date(date)).Start);

    [Fact]
    public void Ends_and_days()
    {
        Assert.Equal(Date("2026-12-01"), new PeriodKey(PeriodKind.Month, Date("2026-11-01")).End);
        Assert.Equal(30, new PeriodKey(PeriodKind.Month, Date("2026-11-01")).Days().Count());
        Assert.Equal(28, new PeriodKey(PeriodKind.Month, Date("2027-02-01")).Days().Count());
        Assert.Equal(7, new PeriodKey(PeriodKind.Week, Date("2026-11-23")).Days().Count());
        Assert.Equal(Date("2026-11-24"), new PeriodKey(PeriodKind.Day, Date("2026-11-23")).End);
    }

    [Fact]
    public void AllContaining_gives_day_week_month_quarter_and_year()
    {
        var periods = PeriodKey.AllContaining(Date("2026-11-29"));
        Assert.Equal(
            [
                new PeriodKey(PeriodKind.Day, Date("2026-11-29")),
                new PeriodKey(PeriodKind.Week, Date("2026-11-23")),
                new PeriodKey(PeriodKind.Month, Date("2026-11-01")),
                new PeriodKey(PeriodKind.Quarter, Date("2026-10-01")),
                new PeriodKey(PeriodKind.Year, Date("2026-01-01")),
            ],
            periods);
        Assert.All(periods, p => Assert.True(p.Contains(Date("2026-11-29"))));
    }

    [Theory]
    [InlineData("day", PeriodKind.Day)]
    [InlineData("week", PeriodKind.Week)]
    [InlineData("month", PeriodKind.Month)]
    [InlineData("quarter", PeriodKind.Quarter)]
    [InlineData("year", PeriodKind.Year)]
    public void Kind_names_round_trip(string name, PeriodKind kind)
    {
        Assert.True(PeriodKey.TryParseKind(name, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(name, PeriodKey.KindName(kind));
        Assert.Equal($"{name}:2026-11-23", new PeriodKey(kind, Date("2026-11-23")).ToString());
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-01")]
    [InlineData("2026-03-31", "2026-01-01")]
    [InlineData("2026-04-01", "2026-04-01")]
    [InlineData("2026-06-30", "2026-04-01")]
    [InlineData("2026-08-15", "2026-07-01")]
    [InlineData("2026-10-01", "2026-10-01")]
    [InlineData("2026-12-31", "2026-10-01")]
    public void Quarters_are_calendar_quarters(string date, string first) =>
        Assert.Equal(Date(first), PeriodKey.Containing(PeriodKind.Quarter, Date(date)).Start);

    [Fact]
    public void Quarters_and_years_end_and_count_their_days()
    {
        Assert.Equal(Date("2027-01-01"), new PeriodKey(PeriodKind.Quarter, Date("2026-10-01")).End);
        Assert.Equal(90, new PeriodKey(PeriodKind.Quarter, Date("2026-01-01")).Days().Count());
        Assert.Equal(91, new PeriodKey(PeriodKind.Quarter, Date("2028-01-01")).Days().Count()); // leap February
        Assert.Equal(92, new PeriodKey(PeriodKind.Quarter, Date("2026-07-01")).Days().Count());
        Assert.Equal(Date("2027-01-01"), PeriodKey.Containing(PeriodKind.Year, Date("2026-12-31")).End);
        Assert.Equal(365, new PeriodKey(PeriodKind.Year, Date("2026-01-01")).Days().Count());
        Assert.Equal(366, new PeriodKey(PeriodKind.Year, Date("2028-01-01")).Days().Count());
        Assert.Equal(AgentLedger.LongestPeriodDays, PeriodKey.Kinds.Max(k => PeriodKey.Containing(k, Date("2028-06-01")).Days().Count()));
    }

    [Fact]
    public void The_kinds_are_stored_as_numbers_that_never_change()
    {
        // Targets and topics keep the kind as a number: new kinds only ever go at the end.
        Assert.Equal([0, 1, 2, 3, 4], PeriodKey.Kinds.Select(k => (int)k));
        Assert.Equal("day, week, month, quarter, year", PeriodKey.KindNames);
    }
}
