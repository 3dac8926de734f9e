namespace Tracking.Domain;

/// <summary>The ten metrics counted for every agent, team and branch. Names are fixed by the contract.</summary>
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
}

public static class Metrics
{
    public const int Count = 10;

    public static IReadOnlyList<Metric> All { get; } = Enum.GetValues<Metric>();

    private static readonly string[] Names =
    [
        "calls", "visits", "collectionVisits", "serviceVisits", "salesVisits",
        "proactiveVisits", "aClassSalesVisits", "policies", "fyp", "renewalCollected",
    ];

    /// <summary>The contract's camelCase name of a metric.</summary>
    public static string Name(this Metric metric) => Names[(int)metric];

    public static bool TryParse(string? name, out Metric metric)
    {
        var index = name is null ? -1 : Array.IndexOf(Names, name);
        metric = index < 0 ? default : (Metric)index;
        return index >= 0;
    }

    /// <summary>Money metrics carry two decimals; the others are whole counts.</summary>
    public static bool IsMoney(this Metric metric) => metric is Metric.Fyp or Metric.RenewalCollected;
}
