using Tracking.Domain.Alerts;
using Tracking.Grains.Notifications;

namespace Tracking.Grains;

/// <summary>A team's alerts (history included) and its own alert rules, if it overrides its branch's.</summary>
[GenerateSerializer, Alias("tracking.team-alerts-state")]
public sealed class TeamAlertsState
{
    [Id(0)] public List<Alert> Alerts { get; set; } = [];
    [Id(1)] public long LastSequence { get; set; }
    [Id(2)] public AlertSettings? Override { get; set; }
    /// <summary>Notices of alert changes not yet handed to the webhooks and Web Push (written with the change).</summary>
    [Id(3)] public List<PendingNotice> Notices { get; set; } = [];
}
