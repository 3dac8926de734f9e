namespace Tracking.Domain.Alerts;

// Stored by number: new rules go at the end.
public enum AlertRule { BehindPace, Inactive, RenewalAtRisk }

public enum AlertStatus { Open, Acknowledged, Resolved }

/// <summary>
/// How a branch (or a team, overriding its branch) wants its supervisors alerted. Defaults follow the
/// tracking practice: behind pace below 70 % once 20 % of the period's working time has passed; quiet
/// after 2 working hours without a call or visit; after an acknowledgement the same alert stays quiet for
/// an hour; at most 20 alerts a day per team; a renewal item still open 15 days before its grace end is at risk.
/// </summary>
public sealed record AlertSettings(
    bool BehindPaceEnabled = true,
    decimal BehindPaceThreshold = 0.7m,
    decimal MinElapsedShare = 0.2m,
    bool InactiveEnabled = true,
    decimal InactiveWorkingHours = 2m,
    int CooldownMinutes = 60,
    int DailyCapPerTeam = 20,
    bool RenewalAtRiskEnabled = true,
    int RenewalAtRiskDaysBeforeGraceEnd = 15)
{
    public static AlertSettings Default { get; } = new();

    public TimeSpan Cooldown => TimeSpan.FromMinutes(CooldownMinutes);

    /// <summary>Why these settings cannot be used (empty when they can), phrased for an API error.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BehindPaceThreshold is <= 0m or > 10m) problems.Add("behindPace.threshold must be above 0 and at most 10.");
        if (MinElapsedShare is < 0m or > 1m) problems.Add("behindPace.minElapsedShare must be from 0 to 1.");
        if (InactiveWorkingHours is <= 0m or > 24m) problems.Add("inactive.workingHours must be above 0 and at most 24.");
        if (CooldownMinutes is < 0 or > 7 * 24 * 60) problems.Add("cooldownMinutes must be from 0 to 10080.");
        if (DailyCapPerTeam is < 0 or > 10_000) problems.Add("dailyCapPerTeam must be from 0 to 10000.");
        if (RenewalAtRiskDaysBeforeGraceEnd is < 0 or > 365) problems.Add("renewalAtRisk.daysBeforeGraceEnd must be from 0 to 365.");
        return problems;
    }
}
