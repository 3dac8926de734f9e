namespace Tracking.Domain;

/// <summary>A branch's star band: <see cref="Stars"/> for a quarterly average effective headcount of at least <see cref="MinEffective"/>.</summary>
public sealed record StarBand(int Stars, decimal MinEffective);

/// <summary>
/// A branch's star rating for a quarter (三星/四星/五星职场): the most stars among its bands whose
/// <see cref="StarBand.MinEffective"/> the quarter's average effective headcount reaches, else 0.
/// </summary>
public static class StarRating
{
    /// <summary>The industry's bands: 3 stars from 40 average effective agents, 4 from 60, 5 from 80.</summary>
    public static readonly IReadOnlyList<StarBand> DefaultBands = [new(3, 40m), new(4, 60m), new(5, 80m)];

    /// <param name="averageEffective">The exact average (not rounded for display: 39.67 has not reached 40).</param>
    public static int Of(decimal averageEffective, IReadOnlyList<StarBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var stars = 0;
        foreach (var band in bands)
        {
            if (band.MinEffective <= averageEffective && band.Stars > stars) stars = band.Stars;
        }
        return stars;
    }
}
