using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class WeeklySplitTests
{
    [Fact]
    public void Four_blocks_of_November_are_7_7_7_and_the_remaining_9_days()
    {
        var blocks = WeeklySplit.Blocks(new PeriodKey(PeriodKind.Month, Date("2026-11-01")), 4);

        Assert.Equal(
            [
                new SplitBlock(0, Date("2026-11-01"), Date("2026-11-08")), // days 1–7
                new SplitBlock(1, Date("2026-11-08"), Date("2026-11-15")), // days 8–14
                new SplitBlock(2, Date("2026-11-15"), Date("2026-11-22")), // days 15–21
                new SplitBlock(3, Date("2026-11-22"), Date("2026-12-01")), // days 22–30, the last block runs to the end
            ],
            blocks);
    }

    [Fact]
    public void A_fifth_block_of_a_28_day_February_is_empty()
    {
        var blocks = WeeklySplit.Blocks(new PeriodKey(PeriodKind.Month, Date("2027-02-01")), 5);
        Assert.Equal(new SplitBlock(3, Date("2027-02-22"), Date("2027-03-01")), blocks[3]);
        Assert.Equal(new SplitBlock(4, Date("2027-03-01"), Date("2027-03-01")), blocks[4]);
    }

    [Theory]
    [InlineData("2026-11-01", 4, 0)]
    [InlineData("2026-11-07", 4, 0)]
    [InlineData("2026-11-08", 4, 1)]
    [InlineData("2026-11-21", 4, 2)]
    [InlineData("2026-11-22", 4, 3)]
    [InlineData("2026-11-30", 4, 3)] // day 30 is past 28 but the last block runs to the end
    [InlineData("2026-10-29", 4, 3)]
    [InlineData("2026-10-29", 5, 4)] // with five values, days 29–31 are block 5
    [InlineData("2026-10-29", 1, 0)]
    public void Block_index_of_a_date(string date, int blockCount, int expected) =>
        Assert.Equal(expected, WeeklySplit.BlockIndexOf(Date(date), blockCount));

    [Fact]
    public void Blocks_need_a_month_and_one_to_five_values()
    {
        Assert.Throws<ArgumentException>(() => WeeklySplit.Blocks(new PeriodKey(PeriodKind.Week, Date("2026-11-23")), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeeklySplit.Blocks(new PeriodKey(PeriodKind.Month, Date("2026-11-01")), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeeklySplit.Blocks(new PeriodKey(PeriodKind.Month, Date("2026-11-01")), 6));
    }
}
