namespace Tracking.Domain;

/// <summary>
/// The metrics of every agent, team and branch; names are fixed by the API. The first ten are counted from
/// events; the renewal-due pair is figured from the renewal items due in a period (docs/design.md, "Renewals").
/// </summary>
public enum Metric
{
    Calls = 0,
    Visits = 1,
    CollectionVisits = 2,
    ServiceVisits = 3,
    SalesVisits = 4,
    ProactiveVisits = 5,
    AClassSalesVisits = 6,
    Policies = 7,
    Fyp = 8,
    RenewalCollected = 9,
    /// <summary>The amount of the renewal items due in the period (应收).</summary>
    RenewalDue = 10,
    /// <summary>How much of the items due in the period is collected so far, whenever it was paid.</summary>
    RenewalDueCollected = 11,
}

public static class Metrics
{
    public const int Count = 12;

    /// <summary>How many metrics events count (the first ones); older stored totals hold only these.</summary>
    public const int FromEventsCount = 10;

    public static IReadOnlyList<Metric> All { get; } = Enum.GetValues<Metric>();

    /// <summary>The metrics events add to, the ones a campaign can race on.</summary>
    public static IReadOnlyList<Metric> FromEvents { get; } = All.Take(FromEventsCount).ToArray();

    public static bool IsFromEvents(this Metric metric) => (int)metric < FromEventsCount;

    private static readonly string[] Names =
    [
        "calls", "visits", "collectionVisits", "serviceVisits", "salesVisits",
        "proactiveVisits", "aClassSalesVisits", "policies", "fyp", "renewalCollected",
        "renewalDue", "renewalDueCollected",
    ];

    /// <summary>The contract's camelCase name of a metric.</summary>
    public static string Name(this Metric metric) => Names[(int)metric];

    public static bool TryParse(string? name, out Metric metric)
    {
        var index = name is null ? -1 : Array.IndexOf(Names, name);
        metric = index < 0 ? default : (Metric)index;
        return index >= 0;
    }

    /// <summary>Parses the name of a metric events count (what a campaign can race on).</summary>
    public static bool TryParseFromEvents(string? name, out Metric metric) => TryParse(name, out metric) && metric.IsFromEvents();

    /// <summary>Money metrics carry two decimals; the others are whole counts.</summary>
    public static bool IsMoney(this Metric metric) => metric is Metric.Fyp or Metric.RenewalCollected or Metric.RenewalDue or Metric.RenewalDueCollected;
}
