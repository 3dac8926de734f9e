using System.Text.Json;

namespace Tracking.Api.Live;

/// <summary>
/// Turns a push payload into a plain tree of dictionaries, arrays, strings, numbers and booleans with the
/// contract's camelCase names, once per update. Both hub protocols then send exactly the same thing:
/// MessagePack would otherwise write PascalCase keys and decimals as strings; here numbers are numbers.
/// </summary>
public static class WirePayload
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static object? From(object payload) => Convert(JsonSerializer.SerializeToElement(payload, payload.GetType(), Web));

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
