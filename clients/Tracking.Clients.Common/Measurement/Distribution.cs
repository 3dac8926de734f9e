namespace Tracking.Clients.Common.Measurement;

/// <summary>Nearest-rank percentiles of a set of milliseconds.</summary>
public sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> values)
    {
        _sorted = values.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double? Percentile(double p) =>
        _sorted.Length == 0 ? null : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double? Max => _sorted.Length == 0 ? null : _sorted[^1];
}
