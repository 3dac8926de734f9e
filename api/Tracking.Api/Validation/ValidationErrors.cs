namespace Tracking.Api.Validation;

/// <summary>Validation problems keyed by the path of the bad field, e.g. <c>events[3].occurredAt</c>.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private HashSet<string>? _settled;

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public void Add(string path, string message)
    {
        if (_settled?.Contains(path) == true) return;
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    /// <summary>
    /// The one error of a field whose JSON kind is wrong (a string where a number belongs): what the
    /// validator later says of the same field (that it is missing) is not added to it.
    /// </summary>
    public void AddSettled(string path, string message)
    {
        Add(path, message);
        (_settled ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);
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
