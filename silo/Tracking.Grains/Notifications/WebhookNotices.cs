using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Notifications;

/// <summary>
/// Hands what alert desks, branches and campaigns decide to the webhook dispatcher, one-way: the caller goes on at
/// once, whatever the webhooks' endpoints do.
/// </summary>
public static class WebhookNotices
{
    public static void Tell(IGrainFactory grains, WebhookEvent notice) =>
        grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).Dispatch(notice).Ignore();

    /// <summary>An alert's change: raised, acknowledged or resolved, at the time of that change.</summary>
    public static WebhookEvent OfAlert(AlertView alert, string branchId, string language) => new(
        WebhookEventTypes.OfAlertStatus(alert.Status), [branchId], alert.TeamId,
        alert.ResolvedAt ?? alert.AcknowledgedAt ?? alert.RaisedAt, language, Alert: alert);

    /// <summary>A celebration on a branch's screens; its team is the celebrated agent's (none for a team's or branch's campaign win).</summary>
    public static WebhookEvent OfCelebration(CelebrationView celebration, string? teamId, string language) => new(
        WebhookEventTypes.Celebration, [celebration.BranchId], teamId, celebration.At, language, Celebration: celebration);

    public static WebhookEvent OfFinishedCampaign(CampaignScoreboardView scoreboard, IReadOnlyList<string> branchIds, DateTimeOffset at, string language) => new(
        WebhookEventTypes.CampaignFinished, branchIds, null, at, language, Scoreboard: scoreboard);
}
