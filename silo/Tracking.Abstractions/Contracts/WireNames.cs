using System.Diagnostics.CodeAnalysis;
using Tracking.Domain;
using Tracking.Domain.Display;

namespace Tracking.Abstractions.Contracts;

/// <summary>
/// The wire spelling of an enum-like value, both ways, and the list of names for error messages. One map per
/// kind of value; the HTTP requests and the event log both read and write through it, so a name cannot drift
/// between what clients send and what the log stores.
/// </summary>
public sealed class WireNameMap<T> where T : struct, Enum
{
    private readonly (T Value, string Name)[] _entries;

    public WireNameMap(params (T Value, string Name)[] entries)
    {
        _entries = entries;
        Names = string.Join(", ", entries.Select(e => e.Name));
    }

    /// <summary>The names in order, comma-separated, e.g. <c>call, visit, policy, renewal, cancellation</c>.</summary>
    public string Names { get; }

    public string Name(T value)
    {
        foreach (var entry in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(entry.Value, value)) return entry.Name;
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, $"No wire name for {typeof(T).Name} {value}.");
    }

    /// <summary>Exact, case-sensitive match of a wire name.</summary>
    public bool TryParse([NotNullWhen(true)] string? name, out T value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}

/// <summary>
/// The wire names of an activity event's enum-like fields (<c>type</c>, <c>visit.kind</c>, <c>visit.customerClass</c>)
/// and of a display policy's <c>names</c>.
/// </summary>
public static class WireNames
{
    public static WireNameMap<ActivityType> ActivityTypes { get; } = new(
        (ActivityType.Call, "call"),
        (ActivityType.Visit, "visit"),
        (ActivityType.Policy, "policy"),
        (ActivityType.Renewal, "renewal"),
        (ActivityType.Cancellation, "cancellation"));

    public static WireNameMap<VisitKind> VisitKinds { get; } = new(
        (VisitKind.Collection, "collection"),
        (VisitKind.Service, "service"),
        (VisitKind.Sales, "sales"));

    public static WireNameMap<CustomerClass> CustomerClasses { get; } = new(
        (CustomerClass.A, "A"),
        (CustomerClass.B, "B"),
        (CustomerClass.C, "C"));

    public static WireNameMap<NameDisplay> NameDisplays { get; } = new(
        (NameDisplay.Full, "full"),
        (NameDisplay.Initial, "initial"),
        (NameDisplay.Masked, "masked"));
}
