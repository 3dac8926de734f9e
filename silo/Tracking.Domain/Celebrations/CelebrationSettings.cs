namespace Tracking.Domain.Celebrations;

/// <summary>What a branch's office TV cheers (battle reports, 战报), in ascending importance.</summary>
public enum CelebrationKind { Policy, RankUp, TargetReached, CampaignWon }

public static class CelebrationKinds
{
    public static string Name(this CelebrationKind kind) => kind switch
    {
        CelebrationKind.Policy => "policy",
        CelebrationKind.RankUp => "rankUp",
        CelebrationKind.TargetReached => "targetReached",
        _ => "campaignWon",
    };

    public static bool TryParse(string? name, out CelebrationKind kind)
    {
        switch (name)
        {
            case "policy": kind = CelebrationKind.Policy; return true;
            case "rankUp": kind = CelebrationKind.RankUp; return true;
            case "targetReached": kind = CelebrationKind.TargetReached; return true;
            case "campaignWon": kind = CelebrationKind.CampaignWon; return true;
            default: kind = default; return false;
        }
    }
}

/// <summary>
/// A branch's battle-report rules. Defaults keep the product's first behaviour (every policy sold today is
/// cheered) and add target and rank-one cheers, at most <see cref="Burst"/> at once and then one every
/// <see cref="IntervalSeconds"/>, so a burst of sales does not flood the TV.
/// </summary>
/// <param name="PolicyMinPremium">A policy is cheered when its premium is at least this.</param>
/// <param name="TargetReached">Cheer an agent whose attainment of a target crosses 100 % in the current period.</param>
/// <param name="RankUp">Cheer an agent who takes rank 1 of the branch's FYP day board from someone.</param>
public sealed record CelebrationSettings(
    decimal PolicyMinPremium = 0m,
    bool TargetReached = true,
    bool RankUp = true,
    int Burst = 3,
    int IntervalSeconds = 5)
{
    public static CelebrationSettings Default { get; } = new();

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>Whether a celebration of this kind and value is wanted at all (before rate limiting).</summary>
    public bool Admits(CelebrationKind kind, decimal value) => kind switch
    {
        CelebrationKind.Policy => value >= PolicyMinPremium,
        CelebrationKind.TargetReached => TargetReached,
        CelebrationKind.RankUp => RankUp,
        _ => true,
    };

    /// <summary>Why these settings cannot be used, keyed by field (empty when they can).</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (PolicyMinPremium < 0m) problems.Add(("policyMinPremium", "must not be negative."));
        if (Burst is < 1 or > 100) problems.Add(("burst", "must be from 1 to 100."));
        if (IntervalSeconds is < 1 or > 3600) problems.Add(("intervalSeconds", "must be from 1 to 3600."));
        return problems;
    }
}
