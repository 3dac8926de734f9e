namespace Tracking.Abstractions.Contracts;

/// <summary>
/// The hub method names of the live messages, as screens receive them. A topic's snapshot and its pushed
/// states carry its state message; events (something that happened) carry their own.
/// </summary>
public static class TopicMessages
{
    /// <summary>State of <c>leaderboard:…</c>: a <see cref="LeaderboardView"/>.</summary>
    public const string Leaderboard = "leaderboard";

    /// <summary>State of <c>team:{teamId}</c>: a <see cref="TeamLiveView"/>.</summary>
    public const string Team = "team";

    /// <summary>State of <c>campaign:{campaignId}</c>: a <see cref="CampaignScoreboardView"/>.</summary>
    public const string Campaign = "campaign";

    /// <summary>State of <c>alerts:{teamId}</c>: an <see cref="AlertsLiveView"/> (the unresolved alerts).</summary>
    public const string Alerts = "alerts";

    /// <summary>Event on <c>alerts:{teamId}</c>: one alert raised, acknowledged or resolved (an <see cref="AlertView"/>).</summary>
    public const string Alert = "alert";

    /// <summary>State of <c>branch:{branchId}</c>: a <see cref="BranchLiveView"/>.</summary>
    public const string Branch = "branch";

    /// <summary>Event on <c>branch:{branchId}</c>: a battle report (a <see cref="CelebrationView"/>).</summary>
    public const string Celebration = "celebration";
}
