namespace Tracking.Abstractions.Contracts;

// The snapshots of the topics whose content is made for the live screens alone (the leaderboard, campaign
// and alerts topics send the views their HTTP endpoints answer with).

/// <summary>The live message on <c>team:{teamId}</c>: the team's stats for today's day, week, month, quarter and year.</summary>
[GenerateSerializer, Alias("tracking.team-live-view")]
public sealed record TeamLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string TeamId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf,
    [property: Id(4)] StatsView Day,
    [property: Id(5)] StatsView Week,
    [property: Id(6)] StatsView Month,
    [property: Id(7)] StatsView Quarter,
    [property: Id(8)] StatsView Year);

/// <summary>
/// The state of a <c>branch:{branchId}</c> topic: the branch's star rating for the current quarter (what its
/// office display shows, as a display may not read branch stats); celebrations arrive on it as they happen.
/// </summary>
[GenerateSerializer, Alias("tracking.branch-live-view")]
public sealed record BranchLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string BranchId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf,
    [property: Id(4)] int? Stars = null);
