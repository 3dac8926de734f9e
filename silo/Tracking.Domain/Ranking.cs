namespace Tracking.Domain;

/// <summary>
/// A participant's value and the moment it was reached: the occurrence time of the event that brought
/// the value, then its arrival order (for equal occurrence times).
/// </summary>
public readonly record struct RankingInput(string Id, decimal Value, DateTimeOffset ReachedAt, long Arrival);

public readonly record struct RankedEntry(int Rank, string Id, decimal Value);

public static class Ranking
{
    private static readonly Comparison<RankingInput> Order = (a, b) =>
    {
        var byValue = b.Value.CompareTo(a.Value);
        if (byValue != 0) return byValue;
        var byReached = a.ReachedAt.CompareTo(b.ReachedAt);
        if (byReached != 0) return byReached;
        var byArrival = a.Arrival.CompareTo(b.Arrival);
        return byArrival != 0 ? byArrival : string.CompareOrdinal(a.Id, b.Id);
    };

    /// <summary>
    /// Competition ranking (1, 2, 2, 4): equal values share a rank number and are listed by who reached
    /// the value first, then by id. Returns at most <paramref name="top"/> entries.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Rank(IEnumerable<RankingInput> inputs, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var sorted = inputs.ToArray();
        Array.Sort(sorted, Order);
        var count = Math.Min(top, sorted.Length);
        var result = new RankedEntry[count];
        for (var i = 0; i < count; i++)
        {
            var rank = i > 0 && sorted[i].Value == sorted[i - 1].Value ? result[i - 1].Rank : i + 1;
            result[i] = new RankedEntry(rank, sorted[i].Id, sorted[i].Value);
        }
        return result;
    }
}
