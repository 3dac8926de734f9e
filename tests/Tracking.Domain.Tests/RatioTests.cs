using Tracking.Domain;

namespace Tracking.Domain.Tests;

public sealed class RatioTests
{
    [Fact]
    public void A_zero_denominator_gives_null_not_NaN_nor_an_exception()
    {
        Assert.Null(Ratio.Of(5m, 0m));
        Assert.Null(Ratio.Of(0m, 0m));
        Assert.Null(Ratio.Of(5m, (decimal?)null));
    }

    [Fact]
    public void Ratios_are_exact_decimal_quotients()
    {
        Assert.Equal(0.9m, Ratio.Of(1800m, 2000m)); // the KPI deck's activity-rate example: 1800 ÷ 2000 = 90%
        Assert.Equal(-2.5m, Ratio.Of(-5m, 2m));
        // Not rounded: 2 ÷ 3 keeps decimal's 28 significant digits.
        Assert.Equal(0.6666666666666666666666666667m, Ratio.Of(2m, 3m));
    }
}
