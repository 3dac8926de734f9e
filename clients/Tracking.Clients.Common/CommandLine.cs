using System.Globalization;

namespace Tracking.Clients.Common;

/// <summary>
/// A small command line: <c>--name value</c>, <c>--name=value</c> and bare <c>--flag</c>s (names listed by the
/// caller); an option given twice keeps its last value (<see cref="All"/> reads every one). Unknown options are reported by <see cref="RejectUnknown"/>.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public CommandLine(string[] args, params string[] flagNames)
    {
        var flags = new HashSet<string>(flagNames, StringComparer.Ordinal) { "help" };
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "-?") arg = "--help";
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{arg}'.");
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (flags.Contains(name))
            {
                if (eq > 0) throw new ArgumentException($"--{name} takes no value.");
                _flags.Add(name);
                continue;
            }
            string value;
            if (eq > 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Length) value = args[++i];
            else throw new ArgumentException($"--{name} needs a value.");
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
            list.Add(value);
        }
    }

    public bool Help => Flag("help");

    public bool Flag(string name)
    {
        _known.Add(name);
        return _flags.Contains(name);
    }

    public bool Has(string name)
    {
        _known.Add(name);
        return _values.ContainsKey(name) || _flags.Contains(name);
    }

    public string? String(string name, string? fallback = null)
    {
        _known.Add(name);
        return _values.TryGetValue(name, out var v) ? v[^1] : fallback;
    }

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> All(string name)
    {
        _known.Add(name);
        return _values.TryGetValue(name, out var v) ? v : [];
    }

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (String(name) is not { } text) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}.");
    }

    public double Double(string name, double fallback, double min = double.MinValue)
    {
        if (String(name) is not { } text) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && double.IsFinite(n)
            ? n
            : throw new ArgumentException($"--{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Throws for any option that no getter asked about (call after reading them all).</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Concat(_flags).Where(n => !_known.Contains(n)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"Unknown option{(unknown.Length > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
