namespace Tracking.Api.Validation;

/// <summary>Validation problems keyed by the path of the bad field, e.g. <c>events[3].occurredAt</c>.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>A one-line summary for the problem's <c>detail</c>.</summary>
    public string Summary()
    {
        var first = _errors.First();
        var more = _errors.Count > 1 ? $" (and {_errors.Count - 1} more)" : "";
        return $"{first.Key}: {first.Value[0]}{more}";
    }
}
