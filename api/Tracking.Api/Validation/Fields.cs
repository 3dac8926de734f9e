using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;

namespace Tracking.Api.Validation;

/// <summary>
/// Checks of single request fields, each recording a clear error under the field's path. Strict on purpose:
/// the wire kind (string, number, object) is already enforced when the body is read; these check the values.
/// </summary>
public static partial class Fields
{
    public const decimal MaxMoney = 999_999_999_999.99m;

    public const string IdRule = WrongKindMessageAttribute.Id;
    public const string ExternalIdRule = WrongKindMessageAttribute.ExternalId;
    public const string NotANumber = "must be a JSON number (not a string).";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantWithOffset();

    /// <summary>
    /// A body that is one required list (<c>{"targets": [...]}</c>, <c>{"rules": [...]}</c>): the list's absence is
    /// <paramref name="shapeError"/>, every item is checked by <paramref name="check"/>; null when anything is wrong.
    /// </summary>
    public static IReadOnlyList<TValue>? RequiredList<TItem, TValue>(IReadOnlyList<TItem?>? items, (string Path, string Message) shapeError,
        ValidationErrors errors, Func<TItem, string, ValidationErrors, TValue?> check)
        where TItem : class
        where TValue : class
    {
        if (items is null)
        {
            errors.Add(shapeError.Path, shapeError.Message);
            return null;
        }
        var values = Each(items, shapeError.Path, errors, check);
        return errors.Any ? null : values;
    }

    /// <summary>
    /// Checks every item of a list with <paramref name="check"/> under its path (<c>name[i]</c>); a null item is
    /// "must be an object.". Returns the items that passed, in order; an absent list is an empty one.
    /// </summary>
    public static List<TValue> Each<TItem, TValue>(IReadOnlyList<TItem?>? items, string name, ValidationErrors errors,
        Func<TItem, string, ValidationErrors, TValue?> check)
        where TItem : class
        where TValue : class
    {
        var result = new List<TValue>(items?.Count ?? 0);
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var path = $"{name}[{i}]";
            if (items![i] is not { } item) errors.Add(path, "must be an object.");
            else if (check(item, path, errors) is { } value) result.Add(value);
        }
        return result;
    }

    public static bool Present<T>([NotNullWhen(true)] T? value, string path, ValidationErrors errors, bool required = true)
    {
        if (value is not null) return true;
        if (required) errors.Add(path, "is required.");
        return false;
    }

    /// <summary>An id of 1-64 characters of A-Z a-z 0-9 . _ - (branch, team, agent, campaign).</summary>
    public static string? Id(string? text, string path, ValidationErrors errors)
    {
        if (!Present(text, path, errors)) return null;
        if (Topic.IsValidId(text)) return text;
        errors.Add(path, IdRule);
        return null;
    }

    /// <summary>1-128 printable ASCII characters (event and policy ids from other systems).</summary>
    public static string? ExternalId(string? text, string path, ValidationErrors errors)
    {
        if (!Present(text, path, errors)) return null;
        if (IsExternalId(text)) return text;
        errors.Add(path, ExternalIdRule);
        return null;
    }

    public static bool IsExternalId(string text)
    {
        if (text.Length is < 1 or > 128) return false;
        foreach (var c in text)
        {
            if (c is < ' ' or > '~') return false;
        }
        return true;
    }

    /// <summary>A display name: 1-200 characters once trimmed.</summary>
    public static string? Name(string? text, string path, ValidationErrors errors)
    {
        if (!Present(text, path, errors)) return null;
        if (text.Trim().Length is >= 1 and <= 200) return text;
        errors.Add(path, "must be 1-200 characters.");
        return null;
    }

    /// <summary>Money: from 0 to 999,999,999,999.99 with at most two decimals (that it is a JSON number is checked on reading).</summary>
    public static decimal? Money(decimal? value, string path, ValidationErrors errors, bool required = true)
    {
        if (!Present(value, path, errors, required)) return null;
        var amount = value.Value;
        if (amount > MaxMoney) errors.Add(path, $"must be at most {MaxMoney.ToString(CultureInfo.InvariantCulture)}.");
        else if (amount < 0) errors.Add(path, "must not be negative.");
        else if (decimal.Truncate(amount * 100) != amount * 100) errors.Add(path, "must have at most 2 decimals.");
        else return amount;
        return null;
    }

    /// <summary>A share (a rate): from 0 to 1 with at most four decimals (0.8725 = 87.25 %).</summary>
    public static decimal? Share(decimal? value, string path, ValidationErrors errors, bool required = true)
    {
        if (!Present(value, path, errors, required)) return null;
        var share = value.Value;
        if (share is < 0m or > 1m) errors.Add(path, "must be a share from 0 to 1.");
        else if (decimal.Truncate(share * 10_000) != share * 10_000) errors.Add(path, "must have at most 4 decimals.");
        else return share;
        return null;
    }

    public static int? Integer(int? value, string path, ValidationErrors errors, int min, int max)
    {
        if (value is { } number && number >= min && number <= max) return number;
        errors.Add(path, value is null ? "is required." : WholeNumberRule(min, max));
        return null;
    }

    public static string WholeNumberRule(int min, int max) => $"must be a whole number from {min} to {max}.";

    /// <summary>An ISO-8601 instant that states its offset (a bare local time is ambiguous and refused).</summary>
    public static DateTimeOffset? Instant(string? text, string path, ValidationErrors errors, bool required = true)
    {
        if (!Present(text, path, errors, required)) return null;
        if (InstantWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
            return instant;
        errors.Add(path, "must be an ISO-8601 date and time with an offset, e.g. 2026-11-23T09:15:00+08:00.");
        return null;
    }

    /// <summary>A calendar date as YYYY-MM-DD (a branch-local day: no time, no offset).</summary>
    public static DateOnly? LocalDate(string? text, string path, ValidationErrors errors, bool required = true)
    {
        if (!Present(text, path, errors, required)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(path, "must be a date as YYYY-MM-DD, e.g. 2026-12-05.");
        return null;
    }

    /// <summary>A calendar month as YYYY-MM (branch-local); its first day.</summary>
    public static DateOnly? LocalMonth(string? text, string path, ValidationErrors errors, bool required = true)
    {
        if (!Present(text, path, errors, required)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)) return month;
        errors.Add(path, "must be a month as YYYY-MM, e.g. 2026-12.");
        return null;
    }

    /// <summary>A wire name of <paramref name="names"/>; an unknown one is named in the error with the known ones.</summary>
    public static T? OneOf<T>(WireNameMap<T> names, string? text, string path, string what, ValidationErrors errors) where T : struct, Enum
    {
        if (!Present(text, path, errors)) return null;
        if (names.TryParse(text, out var value)) return value;
        errors.Add(path, $"'{text}' is not {what} ({names.Names}).");
        return null;
    }

    /// <summary>An optional name parsed by a domain parser, e.g. <c>Metrics.TryParse</c>; absent gives <paramref name="fallback"/>.</summary>
    public static T Optional<T>(string? text, string path, TryParse<T> parse, string what, T fallback, ValidationErrors errors)
    {
        if (text is null) return fallback;
        if (parse(text, out var value)) return value;
        errors.Add(path, $"'{text}' is not {what}.");
        return fallback;
    }

    /// <summary>A required name parsed by a domain parser.</summary>
    public static T Required<T>(string? text, string path, TryParse<T> parse, string what, ValidationErrors errors)
    {
        if (!Present(text, path, errors)) return default!;
        if (parse(text, out var value)) return value;
        errors.Add(path, $"'{text}' is not {what}.");
        return default!;
    }

    public delegate bool TryParse<T>(string text, out T value);
}
