using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Tracking.Api.Validation;

/// <summary>
/// Finds every field of a body whose JSON kind is not what the request's contract expects (a string where a
/// number belongs, an object where an array belongs), records one error per such field under its path and
/// clears the field, so the rest of the body can still be read and checked. Only runs for a body the
/// serializer refused: a valid body is read in one pass.
/// </summary>
public static class WireKinds
{
    /// <summary>Reports and clears the wrong-kind fields below <paramref name="node"/> (the root is checked by the caller).</summary>
    public static void Clear(JsonNode node, JsonTypeInfo contract, string path, ValidationErrors errors, (string Path, string Message) shapeError)
    {
        switch (node)
        {
            case JsonObject obj when contract.Kind == JsonTypeInfoKind.Object:
                foreach (var property in contract.Properties)
                {
                    if (obj[property.Name] is not { } value) continue;
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (Check(value, property.PropertyType, property, at, contract.Options, errors, shapeError)) obj[property.Name] = null;
                }
                break;
            case JsonObject map when contract.Kind == JsonTypeInfoKind.Dictionary:
                foreach (var key in map.Select(e => e.Key).ToList())
                {
                    if (map[key] is { } value && Check(value, contract.ElementType!, null, $"{path}.{key}", contract.Options, errors, shapeError)) map[key] = null;
                }
                break;
            case JsonArray array when contract.Kind == JsonTypeInfoKind.Enumerable:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } value && Check(value, contract.ElementType!, null, $"{path}[{i}]", contract.Options, errors, shapeError)) array[i] = null;
                }
                break;
        }
    }

    /// <summary>Whether the value is of the wrong kind (and was reported); recurses into values of the right kind.</summary>
    private static bool Check(JsonNode value, Type expected, JsonPropertyInfo? property, string path, JsonSerializerOptions options,
        ValidationErrors errors, (string Path, string Message) shapeError)
    {
        var contract = options.GetTypeInfo(expected);
        var type = Nullable.GetUnderlyingType(expected) ?? expected;
        var kind = value.GetValueKind();
        string? problem = contract.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => kind == JsonValueKind.Object ? null : "must be an object.",
            JsonTypeInfoKind.Enumerable => kind == JsonValueKind.Array ? null : "must be an array.",
            _ when type == typeof(string) => kind == JsonValueKind.String ? null : "must be a string.",
            _ when type == typeof(bool) => kind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false.",
            _ when type == typeof(decimal) => kind != JsonValueKind.Number ? Fields.NotANumber
                : value.AsValue().TryGetValue<JsonElement>(out var n) && n.TryGetDecimal(out _) ? null
                : $"must be at most {Fields.MaxMoney.ToString(CultureInfo.InvariantCulture)}.",
            _ when type == typeof(int) => kind == JsonValueKind.Number && value.AsValue().TryGetValue<JsonElement>(out var n) && n.TryGetInt32(out _) ? null
                : RangeOf(property) is { } range ? Fields.WholeNumberRule(Convert.ToInt32(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt32(range.Maximum, CultureInfo.InvariantCulture))
                : "must be a whole number.",
            _ => null,
        };
        if (problem is null)
        {
            Clear(value, contract, path, errors, shapeError);
            return false;
        }
        errors.AddSettled(path, path == shapeError.Path ? shapeError.Message : problem);
        return true;
    }

    private static RangeAttribute? RangeOf(JsonPropertyInfo? property) =>
        property?.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), inherit: true).OfType<RangeAttribute>().FirstOrDefault();
}
