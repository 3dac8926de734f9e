namespace Tracking.Domain;

/// <summary>One block of a month's weekly split: local dates [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct SplitBlock(int Index, DateOnly Start, DateOnly End);

/// <summary>
/// How a monthly target's weekly split (e.g. 10 / 5 / 5 / 10) maps onto the month's days.
/// </summary>
/// <remarks>
/// The rule: a split of n values divides the month into blocks of 7 local days counted from the 1st,
/// block k (0-based) being days 1+7k .. 7+7k, except that the last block (k = n−1) runs to the
/// month's end. So a four-value split of November is 1–7, 8–14, 15–21, 22–30. Blocks follow the
/// month, not ISO weeks, so every month starts a fresh block on its 1st whatever the weekday.
/// A month has at most five blocks (31 = 4×7 + 3); a fifth block of a 28-day February is empty.
/// </remarks>
public static class WeeklySplit
{
    public const int MaxBlocks = 5;

    /// <summary>The blocks of a month for a split of <paramref name="blockCount"/> values.</summary>
    public static IReadOnlyList<SplitBlock> Blocks(PeriodKey month, int blockCount)
    {
        RequireMonth(month);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockCount, MaxBlocks);
        var blocks = new SplitBlock[blockCount];
        for (var k = 0; k < blockCount; k++)
        {
            var start = Min(month.Start.AddDays(7 * k), month.End);
            var end = k == blockCount - 1 ? month.End : Min(month.Start.AddDays(7 * (k + 1)), month.End);
            blocks[k] = new SplitBlock(k, start, end);
        }
        return blocks;
    }

    /// <summary>The 0-based block of a split of <paramref name="blockCount"/> values that contains a date of its month.</summary>
    public static int BlockIndexOf(DateOnly localDate, int blockCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        return Math.Min((localDate.Day - 1) / 7, blockCount - 1);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static void RequireMonth(PeriodKey period)
    {
        if (period.Kind != PeriodKind.Month)
            throw new ArgumentException($"A weekly split belongs to a month, not {period}.", nameof(period));
    }
}
