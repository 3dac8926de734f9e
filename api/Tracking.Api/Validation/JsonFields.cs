using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tracking.Abstractions.Contracts;

namespace Tracking.Api.Validation;

/// <summary>
/// Reads typed fields out of a JSON object, recording a clear error with the field's path when a field is
/// missing or of the wrong kind. Strict on purpose: a string where a number belongs is an error, not a guess.
/// </summary>
public static partial class JsonFields
{
    public const decimal MaxMoney = 999_999_999_999.99m;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantWithOffset();

    public static bool TryObject(JsonElement parent, string name, string path, ValidationErrors errors, out JsonElement value, bool required = true)
    {
        if (!parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(path, "is required.");
            return false;
        }
        if (value.ValueKind == JsonValueKind.Object) return true;
        errors.Add(path, "must be an object.");
        return false;
    }

    public static string? String(JsonElement parent, string name, string path, ValidationErrors errors, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(path, "is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, "must be a string.");
            return null;
        }
        return value.GetString();
    }

    /// <summary>An id of 1-64 characters of A-Z a-z 0-9 . _ - (branch, team, agent, campaign).</summary>
    public static string? Id(JsonElement parent, string name, string path, ValidationErrors errors, bool required = true)
    {
        var text = String(parent, name, path, errors, required);
        if (text is null) return null;
        if (Topic.IsValidId(text)) return text;
        errors.Add(path, "must be 1-64 characters of A-Z a-z 0-9 . _ -.");
        return null;
    }

    /// <summary>1-128 printable ASCII characters (event and policy ids from other systems).</summary>
    public static string? ExternalId(JsonElement parent, string name, string path, ValidationErrors errors)
    {
        var text = String(parent, name, path, errors);
        if (text is null) return null;
        if (IsExternalId(text)) return text;
        errors.Add(path, "must be 1-128 printable ASCII characters.");
        return null;
    }

    public static bool IsExternalId(string text) =>
        text.Length is >= 1 and <= 128 && text.All(c => c is >= ' ' and <= '~');

    public static bool? Bool(JsonElement parent, string name, string path, ValidationErrors errors, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(path, "is required.");
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors.Add(path, "must be true or false.");
        return null;
    }

    /// <summary>Money: a JSON number from 0 to 999,999,999,999.99 with at most two decimals.</summary>
    public static decimal? Money(JsonElement parent, string name, string path, ValidationErrors errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "is required.");
            return null;
        }
        return Money(value, path, errors);
    }

    /// <summary>The same for the element at <paramref name="index"/> of an array.</summary>
    public static decimal? Money(JsonElement array, int index, string path, ValidationErrors errors) => Money(array[index], path, errors);

    private static decimal? Money(JsonElement value, string path, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, "must be a JSON number (not a string).");
            return null;
        }
        if (!value.TryGetDecimal(out var amount) || amount > MaxMoney)
        {
            errors.Add(path, $"must be at most {MaxMoney.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        if (amount < 0)
        {
            errors.Add(path, "must not be negative.");
            return null;
        }
        if (decimal.Truncate(amount * 100) != amount * 100)
        {
            errors.Add(path, "must have at most 2 decimals.");
            return null;
        }
        return amount;
    }

    public static int? Integer(JsonElement parent, string name, string path, ValidationErrors errors, int min, int max)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "is required.");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max) return number;
        errors.Add(path, $"must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>An ISO-8601 instant that states its offset (a bare local time is ambiguous and refused).</summary>
    public static DateTimeOffset? Instant(JsonElement parent, string name, string path, ValidationErrors errors, bool required = true)
    {
        var text = String(parent, name, path, errors, required);
        if (text is null) return null;
        if (InstantWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
            return instant;
        errors.Add(path, "must be an ISO-8601 date and time with an offset, e.g. 2026-11-23T09:15:00+08:00.");
        return null;
    }
}
