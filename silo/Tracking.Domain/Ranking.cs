using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tracking.Domain;

/// <summary>
/// A participant's value and the moment it was reached: the occurrence time of the event that brought
/// the value, then its arrival order (for equal occurrence times).
/// </summary>
public readonly record struct RankingInput(string Id, decimal Value, DateTimeOffset ReachedAt, long Arrival);

public readonly record struct RankedEntry(int Rank, string Id, decimal Value);

public static class Ranking
{
    /// <summary>
    /// The board's order: a higher value first, then who reached it first (occurrence time, then arrival),
    /// then the id. Negative when <paramref name="a"/> is listed before <paramref name="b"/>; zero only for
    /// inputs that agree in every field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the sort's comparison: called n log n times per board
    public static int Compare(in RankingInput a, in RankingInput b)
    {
        var byValue = b.Value.CompareTo(a.Value);
        if (byValue != 0) return byValue;
        var byReached = a.ReachedAt.CompareTo(b.ReachedAt);
        if (byReached != 0) return byReached;
        var byArrival = a.Arrival.CompareTo(b.Arrival);
        return byArrival != 0 ? byArrival : string.CompareOrdinal(a.Id, b.Id);
    }

    // A lambda, not the method group: a delegate to a static method is called through a slower stub.
    private static readonly Comparison<RankingInput> Order = (a, b) => Compare(in a, in b);

    /// <summary>
    /// Competition ranking (1, 2, 2, 4): equal values share a rank number and are listed by who reached
    /// the value first, then by id. Returns at most <paramref name="top"/> entries.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Rank(IEnumerable<RankingInput> inputs, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return inputs switch
        {
            RankingInput[] array => Rank(array.AsSpan(), top),
            List<RankingInput> list => Rank(CollectionsMarshal.AsSpan(list), top),
            _ => Rank(inputs.ToArray().AsSpan(), top),
        };
    }

    /// <inheritdoc cref="Rank(IEnumerable{RankingInput}, int)"/>
    public static IReadOnlyList<RankedEntry> Rank(ReadOnlySpan<RankingInput> inputs, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var best = Best(inputs, Math.Min(top, inputs.Length));
        var result = new RankedEntry[best.Length];
        for (var i = 0; i < best.Length; i++)
        {
            var rank = i > 0 && best[i].Value == best[i - 1].Value ? result[i - 1].Rank : i + 1;
            result[i] = new RankedEntry(rank, best[i].Id, best[i].Value);
        }
        return result;
    }

    /// <summary>The input listed first (null for none), without ranking the others.</summary>
    public static RankingInput? First(ReadOnlySpan<RankingInput> inputs)
    {
        if (inputs.IsEmpty) return null;
        var first = inputs[0];
        for (var i = 1; i < inputs.Length; i++)
        {
            if (Compare(in inputs[i], in first) < 0) first = inputs[i];
        }
        return first;
    }

    /// <summary>
    /// The first <paramref name="count"/> inputs in the board's order. A short top of a long board is selected
    /// in one pass into a sorted buffer instead of sorting the whole board; as the order is total, both give
    /// the same list.
    /// </summary>
    private static RankingInput[] Best(ReadOnlySpan<RankingInput> inputs, int count)
    {
        if (count == 0) return [];
        if (count * 4 >= inputs.Length)
        {
            var sorted = inputs.ToArray();
            Array.Sort(sorted, Order);
            return count == sorted.Length ? sorted : sorted[..count];
        }
        var best = new RankingInput[count];
        var held = 0;
        foreach (ref readonly var input in inputs)
        {
            if (held == count && Compare(in input, in best[count - 1]) >= 0) continue;
            var at = held;
            while (at > 0 && Compare(in input, in best[at - 1]) < 0) at--;
            var last = held == count ? count - 1 : held++;
            Array.Copy(best, at, best, at + 1, last - at);
            best[at] = input;
        }
        return best;
    }
}
