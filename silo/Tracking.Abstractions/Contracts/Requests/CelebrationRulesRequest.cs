using System.ComponentModel.DataAnnotations;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/branches/{id}/celebration-rules</c>; a field left out takes the product default.</summary>
public sealed record CelebrationRulesRequest(
    decimal? PolicyMinPremium = null,
    bool? TargetReached = null,
    bool? RankUp = null,
    [property: Range(CelebrationRulesRequest.MinBurst, CelebrationRulesRequest.MaxBurst)] int? Burst = null,
    [property: Range(CelebrationRulesRequest.MinIntervalSeconds, CelebrationRulesRequest.MaxIntervalSeconds)] int? IntervalSeconds = null)
{
    public const int MinBurst = 1;
    public const int MaxBurst = 100;
    public const int MinIntervalSeconds = 1;
    public const int MaxIntervalSeconds = 3600;
}
