using Tracking.Domain;

namespace Tracking.Domain.Tests;

public sealed class StarRatingTests
{
    /// <summary>A quarter's average from its three monthly effective counts.</summary>
    private static decimal Average(int july, int august, int september) => EffectiveHeadcount.Average([july, august, september])!.Value;

    [Fact]
    public void Default_bands_at_their_edges()
    {
        var bands = StarRating.DefaultBands;
        // 119 effective agent-months over 3 months: 40 + 40 + 39 = 119 → 39.666…, shown as 39.67, short of 40.
        Assert.Equal(0, StarRating.Of(Average(40, 40, 39), bands));
        // 120 → 40: three stars.
        Assert.Equal(3, StarRating.Of(Average(40, 40, 40), bands));
        // 179 → 59.67: still three; 180 → 60: four.
        Assert.Equal(3, StarRating.Of(Average(60, 60, 59), bands));
        Assert.Equal(4, StarRating.Of(Average(60, 60, 60), bands));
        // 239 → 79.67: four; 240 → 80: five; far above: still five.
        Assert.Equal(4, StarRating.Of(Average(80, 80, 79), bands));
        Assert.Equal(5, StarRating.Of(Average(80, 80, 80), bands));
        Assert.Equal(5, StarRating.Of(500m, bands));
        Assert.Equal(0, StarRating.Of(0m, bands));
    }

    [Fact]
    public void Custom_bands_give_the_most_stars_reached_in_any_order()
    {
        IReadOnlyList<StarBand> bands = [new(2, 2.5m), new(1, 1m), new(3, 4m)];
        Assert.Equal(0, StarRating.Of(0.99m, bands));
        Assert.Equal(1, StarRating.Of(1m, bands));
        Assert.Equal(1, StarRating.Of(Average(2, 3, 2), bands)); // 7 ÷ 3 = 2.33
        Assert.Equal(2, StarRating.Of(Average(3, 2, 3), bands)); // 8 ÷ 3 = 2.67
        Assert.Equal(3, StarRating.Of(4m, bands));
    }

    [Fact]
    public void No_bands_give_no_stars() => Assert.Equal(0, StarRating.Of(1000m, []));
}
