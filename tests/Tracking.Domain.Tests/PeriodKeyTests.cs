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
    public void AllContaining_gives_day_week_and_month()
    {
        var periods = PeriodKey.AllContaining(Date("2026-11-29"));
        Assert.Equal(
            [
                new PeriodKey(PeriodKind.Day, Date("2026-11-29")),
                new PeriodKey(PeriodKind.Week, Date("2026-11-23")),
                new PeriodKey(PeriodKind.Month, Date("2026-11-01")),
            ],
            periods);
        Assert.All(periods, p => Assert.True(p.Contains(Date("2026-11-29"))));
    }

    [Theory]
    [InlineData("day", PeriodKind.Day)]
    [InlineData("week", PeriodKind.Week)]
    [InlineData("month", PeriodKind.Month)]
    public void Kind_names_round_trip(string name, PeriodKind kind)
    {
        Assert.True(PeriodKey.TryParseKind(name, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(name, PeriodKey.KindName(kind));
        Assert.Equal($"{name}:2026-11-23", new PeriodKey(kind, Date("2026-11-23")).ToString());
    }
}
