namespace Tracking.Domain;

/// <summary>
/// One value per <see cref="Metric"/>. A small mutable vector: the hot path adds event deltas into it
/// in place, so callers copy (<see cref="Clone"/>) before handing it to anyone else.
/// </summary>
public sealed class MetricValues : IEquatable<MetricValues>
{
    private readonly decimal[] _values;

    public MetricValues() => _values = new decimal[Metrics.Count];

    /// <summary>Values in metric order; a shorter list (stored before later metrics existed) leaves the rest 0.</summary>
    public MetricValues(ReadOnlySpan<decimal> values)
    {
        if (values.Length > Metrics.Count)
            throw new ArgumentException($"Expected at most {Metrics.Count} values, got {values.Length}.", nameof(values));
        _values = new decimal[Metrics.Count];
        values.CopyTo(_values);
    }

    public decimal this[Metric metric]
    {
        get => _values[(int)metric];
        set => _values[(int)metric] = value;
    }

    public ReadOnlySpan<decimal> AsSpan() => _values;

    public bool IsZero => Array.TrueForAll(_values, v => v == 0m);

    public void Add(MetricValues other)
    {
        for (var i = 0; i < _values.Length; i++) _values[i] += other._values[i];
    }

    public void Subtract(MetricValues other)
    {
        for (var i = 0; i < _values.Length; i++) _values[i] -= other._values[i];
    }

    public MetricValues Clone() => new(_values);

    public static MetricValues Sum(IEnumerable<MetricValues> parts)
    {
        var total = new MetricValues();
        foreach (var part in parts) total.Add(part);
        return total;
    }

    public bool Equals(MetricValues? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as MetricValues);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values) hash.Add(v);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(", ", Metrics.All.Select(m => $"{m.Name()}={this[m]}"));
}
