using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tracking.Api.Validation;

/// <summary>
/// Turns the <see cref="JsonException"/> of reading a body into the error the API reports: not JSON at all is
/// keyed <c>$</c>; a value of the wrong JSON kind is keyed by its field path (<c>$.events[1].policy.premium</c>
/// becomes <c>events[1].policy.premium</c>) and worded by what the field expects.
/// </summary>
public static class JsonBodyErrors
{
    public static (string Path, string Message) Describe(JsonException exception, JsonTypeInfo root, (string Path, string Message) shapeError)
    {
        // The reader's own exception inside means the text is not JSON; its message says where.
        if (exception.InnerException is JsonException notJson) return ("$", $"The body is not valid JSON: {notJson.Message}");

        var segments = Segments(exception.Path);
        var path = FieldPath(segments);
        if (path == "$" || path == shapeError.Path) return shapeError;
        return (path, Expectation(segments, root, exception));
    }

    /// <summary>The segments of an exception's JSON path: property names (string) and array indexes (int).</summary>
    private static List<object> Segments(string? jsonPath)
    {
        var segments = new List<object>();
        var text = jsonPath ?? "$";
        var i = text.StartsWith('$') ? 1 : 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = text.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = text.Length;
                segments.Add(text[(i + 1)..end]);
                i = end;
            }
            else if (text.AsSpan(i).StartsWith("['"))
            {
                var end = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) break;
                segments.Add(text[(i + 2)..end]);
                i = end + 2;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0 || !int.TryParse(text.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) break;
                segments.Add(index);
                i = end + 1;
            }
            else break;
        }
        return segments;
    }

    /// <summary>The path as the API writes it: <c>events[1].policy.premium</c>, <c>targets.A.1</c>, or <c>$</c> for the root.</summary>
    private static string FieldPath(List<object> segments)
    {
        if (segments.Count == 0) return "$";
        var path = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment is int index) path.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else path.Append(path.Length == 0 ? "" : ".").Append((string)segment);
        }
        return path.ToString();
    }

    /// <summary>What the field at the path expects, found by walking the request's JSON contract.</summary>
    private static string Expectation(List<object> segments, JsonTypeInfo root, JsonException exception)
    {
        var current = root;
        JsonPropertyInfo? property = null;
        foreach (var segment in segments)
        {
            var next = segment switch
            {
                string name when current.Kind == JsonTypeInfoKind.Object => (property = current.Properties.FirstOrDefault(p => p.Name == name))?.PropertyType,
                string when current.Kind == JsonTypeInfoKind.Dictionary => current.ElementType,
                int when current.Kind == JsonTypeInfoKind.Enumerable => current.ElementType,
                _ => null,
            };
            if (next is null) return "has the wrong JSON kind.";
            if (segment is not string || current.Kind != JsonTypeInfoKind.Object) property = null;
            current = root.Options.GetTypeInfo(next);
        }

        var type = Nullable.GetUnderlyingType(current.Type) ?? current.Type;
        var outOfRange = exception.InnerException is FormatException or OverflowException;
        return current.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "must be an object.",
            JsonTypeInfoKind.Enumerable => "must be an array.",
            _ when type == typeof(string) => "must be a string.",
            _ when type == typeof(bool) => "must be true or false.",
            _ when type == typeof(decimal) => outOfRange ? $"must be at most {Fields.MaxMoney.ToString(CultureInfo.InvariantCulture)}." : Fields.NotANumber,
            _ when type == typeof(int) => RangeOf(property) is { } range
                ? Fields.WholeNumberRule(Convert.ToInt32(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt32(range.Maximum, CultureInfo.InvariantCulture))
                : "must be a whole number.",
            _ => "has the wrong JSON kind.",
        };
    }

    private static RangeAttribute? RangeOf(JsonPropertyInfo? property) =>
        property?.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), inherit: true).OfType<RangeAttribute>().FirstOrDefault();
}
