using System.ComponentModel;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/targets</c>.</summary>
public sealed record TargetsRequest(IReadOnlyList<TargetRequest?>? Targets);

public sealed record TargetRequest(
    [property: Description("branch, team or agent")] string? Scope,
    string? Id,
    [property: Description("A metric name, e.g. fyp, or collectionRate (a share of what falls due, 0 to 1).")] string? Metric,
    [property: Description("day, week, month, quarter or year")] string? Period,
    [property: Description("A JSON number from 0 to 999999999999.99 with at most 2 decimals; for collectionRate a share from 0 to 1 with at most 4 decimals.")] decimal? Value,
    [property: Description("A month target's split over the month's weekly blocks."), WrongKindMessage("must be an array of numbers.")] IReadOnlyList<decimal?>? Weekly = null);
