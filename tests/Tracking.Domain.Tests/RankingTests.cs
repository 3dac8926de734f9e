using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class RankingTests
{
    [Fact]
    public void Equal_values_share_a_rank_and_the_next_rank_skips_1_2_2_4()
    {
        RankingInput[] inputs =
        [
            new("D", 50m, At("2026-11-23T08:00:00+08:00"), 1),
            new("B", 80m, At("2026-11-23T10:00:00+08:00"), 2), // reached 80 at 10:00
            new("A", 100m, At("2026-11-23T11:00:00+08:00"), 3),
            new("C", 80m, At("2026-11-23T09:00:00+08:00"), 4), // reached 80 at 09:00, earlier than B
        ];

        var ranked = Ranking.Rank(inputs, top: 10);

        Assert.Equal(
            [new RankedEntry(1, "A", 100m), new RankedEntry(2, "C", 80m), new RankedEntry(2, "B", 80m), new RankedEntry(4, "D", 50m)],
            ranked);
    }

    [Fact]
    public void Equal_values_reached_at_the_same_time_are_listed_by_arrival_then_by_id()
    {
        var at = At("2026-11-23T09:00:00+08:00");
        RankingInput[] inputs =
        [
            new("Z", 80m, at, 7),
            new("Y", 80m, at, 3), // same time, arrived first
            new("B", 80m, at, 9),
            new("A", 80m, at, 9), // same time and arrival as B: id decides
        ];

        var ranked = Ranking.Rank(inputs, top: 10);

        Assert.Equal(["Y", "Z", "A", "B"], ranked.Select(e => e.Id));
        Assert.All(ranked, e => Assert.Equal(1, e.Rank));
    }

    [Fact]
    public void Occurrence_time_beats_arrival_order()
    {
        // X's value came from an event that occurred earlier but arrived later (a late event): X is first.
        RankingInput[] inputs =
        [
            new("W", 80m, At("2026-11-23T10:00:00+08:00"), 1),
            new("X", 80m, At("2026-11-23T09:00:00+08:00"), 2),
        ];
        Assert.Equal(["X", "W"], Ranking.Rank(inputs, 10).Select(e => e.Id));
    }

    [Fact]
    public void Top_cuts_the_list_but_keeps_shared_ranks()
    {
        RankingInput[] inputs =
        [
            new("A", 100m, At("2026-11-23T09:00:00+08:00"), 1),
            new("B", 80m, At("2026-11-23T09:00:00+08:00"), 2),
            new("C", 80m, At("2026-11-23T10:00:00+08:00"), 3),
            new("D", 70m, At("2026-11-23T10:00:00+08:00"), 4),
        ];

        Assert.Equal([new RankedEntry(1, "A", 100m), new RankedEntry(2, "B", 80m), new RankedEntry(2, "C", 80m)], Ranking.Rank(inputs, 3));
        Assert.Empty(Ranking.Rank(inputs, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ranking.Rank(inputs, -1));
    }

    [Fact]
    public void Negative_values_rank_below_zero()
    {
        RankingInput[] inputs =
        [
            new("Neg", -12_000m, At("2026-11-23T09:00:00+08:00"), 1), // a cancellation in the period
            new("Zero", 0m, At("2026-11-23T09:00:00+08:00"), 2),
        ];
        Assert.Equal(["Zero", "Neg"], Ranking.Rank(inputs, 10).Select(e => e.Id));
    }
}
