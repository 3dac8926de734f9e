using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Alerts;

namespace Tracking.Grains.Notifications;

/// <summary>
/// The webhook events of what alert desks, branches and campaigns decide. Alerts and final standings go through
/// the deciding grain's <see cref="NoticeJournal"/>; celebrations, decided in memory, are told in passing.
/// </summary>
public static class WebhookNotices
{
    /// <summary>Hands a celebration to the webhook dispatcher without waiting: the branch goes on at once.</summary>
    public static void Tell(IGrainFactory grains, WebhookEvent notice) =>
        grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).Dispatch("celebration/" + Guid.NewGuid().ToString("N"), notice).Ignore();

    /// <summary>An alert's change: raised, acknowledged or resolved, at the time of that change (each happens once per alert).</summary>
    public static PendingNotice OfAlert(AlertView alert, string branchId, string language, TeamInfo? pushTo)
    {
        var notice = new WebhookEvent(WebhookEventTypes.OfAlertStatus(alert.Status), [branchId], alert.TeamId,
            alert.ResolvedAt ?? alert.AcknowledgedAt ?? alert.RaisedAt, language, Alert: alert);
        var push = pushTo is not null && alert.Status == AlertStatus.Open.Name() ? new RaisedAlertPush(pushTo, language, alert) : null;
        return new PendingNotice($"alert/{alert.AlertId}/{alert.Status}", notice, push);
    }

    /// <summary>A celebration on a branch's screens; its team is the celebrated agent's (none for a team's or branch's campaign win).</summary>
    public static WebhookEvent OfCelebration(CelebrationView celebration, string? teamId, string language) => new(
        WebhookEventTypes.Celebration, [celebration.BranchId], teamId, celebration.At, language, Celebration: celebration);

    /// <summary>A campaign's final standings, once per freeze (a campaign made again under the same id is another notice).</summary>
    public static PendingNotice OfFinishedCampaign(string campaignId, CampaignScoreboardView scoreboard, IReadOnlyList<string> branchIds, DateTimeOffset at, string language) => new(
        $"campaign/{campaignId}/finished/{at.UtcTicks}",
        new WebhookEvent(WebhookEventTypes.CampaignFinished, branchIds, null, at, language, Scoreboard: scoreboard));
}
