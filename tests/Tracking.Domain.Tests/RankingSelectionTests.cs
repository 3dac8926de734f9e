using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

/// <summary>A short top of a long board is selected without sorting it all: the list must be the full sort's.</summary>
public sealed class RankingSelectionTests
{
    /// <summary>The reference: every input sorted by the board's order, then cut and numbered.</summary>
    private static RankedEntry[] SortAll(RankingInput[] inputs, int top)
    {
        var sorted = inputs.OrderByDescending(i => i.Value).ThenBy(i => i.ReachedAt).ThenBy(i => i.Arrival)
            .ThenBy(i => i.Id, StringComparer.Ordinal).Take(top).ToArray();
        var ranked = new RankedEntry[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
            ranked[i] = new RankedEntry(i > 0 && sorted[i].Value == sorted[i - 1].Value ? ranked[i - 1].Rank : i + 1, sorted[i].Id, sorted[i].Value);
        return ranked;
    }

    private static RankingInput[] Board(Random random, int size)
    {
        var at = At("2026-11-23T09:00:00+08:00");
        // Few distinct values, times and arrivals, so ties of every kind occur and the id decides some.
        return Enumerable.Range(0, size)
            .Select(i => new RankingInput($"A{random.Next(size * 2):000}-{i}", random.Next(6) * 10m, at.AddMinutes(random.Next(3)), random.Next(3)))
            .ToArray();
    }

    [Fact]
    public void Any_top_of_any_board_is_the_full_sorts()
    {
        var random = new Random(16);
        for (var round = 0; round < 200; round++)
        {
            var inputs = Board(random, random.Next(0, 120));
            foreach (var top in new[] { 0, 1, 2, 3, 5, 10, 29, 30, 31, inputs.Length, inputs.Length + 5 })
            {
                var expected = SortAll(inputs, top);
                Assert.Equal(expected, Ranking.Rank(inputs, top));
                Assert.Equal(expected, Ranking.Rank(inputs.ToList(), top));
                Assert.Equal(expected, Ranking.Rank(inputs.Select(i => i), top));
            }
        }
    }

    [Fact]
    public void A_board_in_ascending_or_descending_order_keeps_its_top()
    {
        var at = At("2026-11-23T09:00:00+08:00");
        var ascending = Enumerable.Range(0, 100).Select(i => new RankingInput($"A{i:000}", i, at, i)).ToArray();
        Assert.Equal(SortAll(ascending, 7), Ranking.Rank(ascending, 7));
        var descending = ascending.Reverse().ToArray();
        Assert.Equal(SortAll(descending, 7), Ranking.Rank(descending, 7));
    }

    [Fact]
    public void The_first_of_a_board_is_rank_ones_first_entry()
    {
        var random = new Random(7);
        for (var round = 0; round < 100; round++)
        {
            var inputs = Board(random, random.Next(0, 40));
            var first = Ranking.First(inputs);
            if (inputs.Length == 0) Assert.Null(first);
            else Assert.Equal(SortAll(inputs, 1)[0].Id, first!.Value.Id);
        }
    }

    [Fact]
    public void Compare_is_the_boards_order()
    {
        var at = At("2026-11-23T09:00:00+08:00");
        var leader = new RankingInput("A1", 5000m, at, 1);
        Assert.True(Ranking.Compare(leader with { Value = 5000.01m }, leader) < 0);
        Assert.True(Ranking.Compare(leader with { Id = "A2", ReachedAt = at.AddMinutes(1) }, leader) > 0);
        Assert.True(Ranking.Compare(leader with { Id = "A0", Arrival = 2 }, leader) > 0);
        Assert.True(Ranking.Compare(leader with { Id = "A0" }, leader) < 0);
        Assert.Equal(0, Ranking.Compare(leader, leader));
    }
}
