namespace Tracking.Abstractions.Contracts;

/// <summary>
/// One due item as the renewal lists show it: what is due, what is collected, and where it stands on the
/// branch-local day it was read (<see cref="DaysLeft"/> to the grace end; negative once lapsed).
/// </summary>
[GenerateSerializer, Alias("tracking.renewal-item-view")]
public sealed record RenewalItemView(
    [property: Id(0)] string PolicyId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] int PolicyYear,
    [property: Id(5)] decimal Collected,
    [property: Id(6)] DateOnly GraceEndsOn,
    [property: Id(7)] int DaysLeft,
    [property: Id(8)] string Status);

/// <summary><c>PUT /api/v1/renewals/due</c>: how many items were stored.</summary>
public sealed record RenewalsDueResponse(int Items);

/// <summary><c>GET /api/v1/teams/{id}/renewals</c>: the due items of the team's agents, earliest due first.</summary>
public sealed record RenewalListView(IReadOnlyList<RenewalItemView> Items);
