namespace Tracking.Domain;

/// <summary>Who a target is set for. Narrower scopes override wider ones: agent over team over branch.</summary>
public enum TargetScope { Branch, Team, Agent }

public static class TargetScopes
{
    /// <summary>The contract's name of a scope: <c>branch</c>, <c>team</c> or <c>agent</c>.</summary>
    public static string Name(this TargetScope scope) => scope switch
    {
        TargetScope.Branch => "branch",
        TargetScope.Team => "team",
        _ => "agent",
    };

    public static bool TryParse(string? name, out TargetScope scope)
    {
        switch (name)
        {
            case "branch": scope = TargetScope.Branch; return true;
            case "team": scope = TargetScope.Team; return true;
            case "agent": scope = TargetScope.Agent; return true;
            default: scope = default; return false;
        }
    }
}

/// <summary>What a target setting is stored under: one value per scope, id, metric and period kind.</summary>
public readonly record struct TargetKey(TargetScope Scope, string ScopeId, Metric Metric, PeriodKind Period);

/// <summary>
/// One configured target, e.g. "branch SZ01: 15 visits a week" or "team T1: 30 A-class sales visits a
/// month, split 10 / 5 / 5 / 10 over the month's weekly blocks" (see <see cref="WeeklySplit"/>).
/// </summary>
/// <remarks>
/// <see cref="Value"/> is what attainment is measured against; the split only shapes the expected
/// progress inside the month (pace) and the derived week targets. It is normally the split's sum.
/// A <see cref="ShareOfDue"/> setting is a collection-rate target (the API's <c>collectionRate</c>): its value and
/// split are shares (0–1) of what falls due in the period, so it resolves to a renewalDueCollected amount of
/// share × renewalDue of whoever it applies to (see <see cref="TargetBook"/>).
/// </remarks>
public sealed record TargetSetting(
    TargetScope Scope,
    string ScopeId,
    Metric Metric,
    PeriodKind Period,
    decimal Value,
    IReadOnlyList<decimal>? WeeklySplit = null,
    bool ShareOfDue = false)
{
    /// <summary>The API's name of a collection-rate target, stored as a <see cref="ShareOfDue"/> renewalDueCollected target.</summary>
    public const string CollectionRateName = "collectionRate";

    /// <summary>The metric name the API shows for this setting.</summary>
    public string MetricName => ShareOfDue ? CollectionRateName : Metric.Name();

    public TargetKey Key => new(Scope, ScopeId, Metric, Period);

    public bool HasWeeklySplit => WeeklySplit is { Count: > 0 };

    /// <summary>Why this setting cannot be stored (empty when it can), phrased for an API error.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ScopeId)) problems.Add("The scope id is required.");
        if (!Enum.IsDefined(Scope)) problems.Add($"Unknown scope {Scope}.");
        if (!Enum.IsDefined(Metric)) problems.Add($"Unknown metric {Metric}.");
        if (!Enum.IsDefined(Period)) problems.Add($"Unknown period {Period}.");
        if (Value < 0m) problems.Add("A target cannot be negative.");
        if (ShareOfDue && Metric != Metric.RenewalDueCollected) problems.Add("A collection-rate target is a share of renewalDueCollected.");
        if (ShareOfDue && (Value > 1m || WeeklySplit?.Any(v => v > 1m) == true || WeeklySplit?.Sum() > 1m))
            problems.Add("A collection rate is a share from 0 to 1 (a weekly split too, in all).");
        if (WeeklySplit is { } split)
        {
            if (Period != PeriodKind.Month) problems.Add("A weekly split is only allowed on a month target.");
            if (split.Count is < 1 or > Domain.WeeklySplit.MaxBlocks)
                problems.Add($"A weekly split has 1 to {Domain.WeeklySplit.MaxBlocks} values.");
            if (split.Any(v => v < 0m)) problems.Add("A weekly split value cannot be negative.");
        }
        return problems;
    }
}
