namespace Tracking.Domain.Display;

/// <summary>The part of a ranked list a display screen may see.</summary>
public static class DisplayCut
{
    /// <summary>
    /// The last rank shown when the bottom is hidden: half the ranked entries, rounded up (7 ranked: ranks
    /// 1-4; 6 ranked: ranks 1-3). Entries tied on the line share its rank and all stay.
    /// </summary>
    public static int HalfLine(int rankedCount) => rankedCount <= 0 ? 0 : (rankedCount + 1) / 2;

    /// <summary>
    /// Keeps at most <paramref name="top"/> entries of <paramref name="ranked"/> (ordered by rank) and, unless
    /// <paramref name="showBottom"/>, none whose rank is beyond <see cref="HalfLine"/> of the whole board.
    /// </summary>
    /// <param name="rankedCount">How many entries the whole board ranks, also those not in <paramref name="ranked"/>
    /// (a view of the top 10 of 40 agents hides the bottom of the 40); never taken as fewer than the entries given.</param>
    public static IReadOnlyList<T> Cut<T>(IReadOnlyList<T> ranked, Func<T, int> rankOf, int rankedCount, int top, bool showBottom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var lastRank = showBottom ? int.MaxValue : HalfLine(Math.Max(rankedCount, ranked.Count));
        var kept = new List<T>(Math.Min(top, ranked.Count));
        foreach (var entry in ranked)
        {
            if (kept.Count == top) break;
            if (rankOf(entry) <= lastRank) kept.Add(entry);
        }
        return kept;
    }
}
