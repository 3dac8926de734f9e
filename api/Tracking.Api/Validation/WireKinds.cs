using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts.Requests;

namespace Tracking.Api.Validation;

/// <summary>
/// Finds every field of a body whose JSON kind is not what the request's contract expects (a string where a
/// number belongs, an object where an array belongs), records one error per such field under its path and
/// clears the field, so the rest of the body can still be read and checked. Only runs for a body the
/// serializer refused: a valid body is read in one pass.
/// </summary>
public static class WireKinds
{
    /// <summary>What a field's declaration adds to the plain wording: its own message, its range, its items' message.</summary>
    private sealed record FieldRule(string? Message, RangeAttribute? Range, string? ItemMessage, bool ItemOnList = false)
    {
        public static readonly FieldRule None = new(null, null, null);

        public static FieldRule Of(JsonPropertyInfo property)
        {
            var attributes = property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
            var wording = attributes.OfType<WrongKindMessageAttribute>().FirstOrDefault();
            return new FieldRule(wording?.Message, attributes.OfType<RangeAttribute>().FirstOrDefault(), wording?.Item, wording?.ItemOnList ?? false);
        }
    }

    /// <summary>Reports and clears the wrong-kind fields of the body (its root is known to be an object).</summary>
    public static void Clear(JsonObject root, JsonTypeInfo contract, ValidationErrors errors, (string Path, string Message) shapeError) =>
        new Walk(contract.Options, errors, shapeError).Below(root, contract, "", FieldRule.None);

    private sealed class Walk(JsonSerializerOptions options, ValidationErrors errors, (string Path, string Message) shapeError)
    {
        public void Below(JsonNode node, JsonTypeInfo contract, string path, FieldRule rule)
        {
            switch (node)
            {
                case JsonObject obj when contract.Kind == JsonTypeInfoKind.Object:
                    foreach (var property in contract.Properties)
                    {
                        var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                        if (obj[property.Name] is { } value && IsWrong(value, property.PropertyType, at, FieldRule.Of(property))) obj[property.Name] = null;
                    }
                    break;
                case JsonObject map when contract.Kind == JsonTypeInfoKind.Dictionary:
                    foreach (var key in map.Select(e => e.Key).ToList())
                    {
                        if (map[key] is { } value && IsWrong(value, contract.ElementType!, $"{path}.{key}", FieldRule.None)) map[key] = null;
                    }
                    break;
                case JsonArray array when contract.Kind == JsonTypeInfoKind.Enumerable:
                    var itemRule = rule.ItemMessage is null ? FieldRule.None : new FieldRule(rule.ItemMessage, null, null);
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is { } value && IsWrong(value, contract.ElementType!, rule.ItemOnList ? path : $"{path}[{i}]", itemRule)) array[i] = null;
                    }
                    break;
            }
        }

        /// <summary>Whether the value is of the wrong kind (and was reported); a value of the right kind is walked into.</summary>
        private bool IsWrong(JsonNode value, Type expected, string path, FieldRule rule)
        {
            var contract = options.GetTypeInfo(expected);
            if (Problem(value, contract, rule) is not { } problem)
            {
                Below(value, contract, path, rule);
                return false;
            }
            errors.AddSettled(path, path == shapeError.Path ? shapeError.Message : rule.Message ?? problem);
            return true;
        }

        private static string? Problem(JsonNode value, JsonTypeInfo contract, FieldRule rule)
        {
            var type = Nullable.GetUnderlyingType(contract.Type) ?? contract.Type;
            var kind = value.GetValueKind();
            return contract.Kind switch
            {
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => kind == JsonValueKind.Object ? null : "must be an object.",
                JsonTypeInfoKind.Enumerable => kind == JsonValueKind.Array ? null : "must be an array.",
                _ when type == typeof(string) => kind == JsonValueKind.String ? null : "must be a string.",
                _ when type == typeof(bool) => kind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false.",
                _ when type == typeof(decimal) => kind != JsonValueKind.Number ? Fields.NotANumber
                    : Number(value).TryGetDecimal(out _) ? null
                    : $"must be at most {Fields.MaxMoney.ToString(CultureInfo.InvariantCulture)}.",
                _ when type == typeof(int) => kind == JsonValueKind.Number && Number(value).TryGetInt32(out _) ? null
                    : rule.Range is { } range ? Fields.WholeNumberRule(Convert.ToInt32(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt32(range.Maximum, CultureInfo.InvariantCulture))
                    : "must be a whole number.",
                _ => null,
            };
        }

        private static JsonElement Number(JsonNode value) => value.GetValue<JsonElement>();
    }
}
