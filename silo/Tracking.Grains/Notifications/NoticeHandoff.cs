using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Notifications;

/// <summary>
/// Hands a decided notice to the webhooks' outboxes and, for a raised alert, to Web Push, and completes once
/// every one of them has stored it. A failure is logged and answered false: the notice stays in its grain's journal
/// and is handed again.
/// </summary>
public sealed class NoticeHandoff(IGrainFactory grains, IOptions<WebhookOptions> options, ILogger<NoticeHandoff> logger)
{
    private readonly TimeSpan _delay = options.Value.HandoffDelay;

    public async Task<bool> TryHandOffAsync(PendingNotice notice)
    {
        try
        {
            if (_delay > TimeSpan.Zero) await Task.Delay(_delay);
            await grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).Dispatch(notice.Id, notice.Webhook);
            if (notice.Push is { } push)
                await grains.GetGrain<IWebPushGrain>(IWebPushGrain.Key).AlertsRaised(push.Team, push.Language, [push.Alert]);
            return true;
        }
        catch (Exception failed)
        {
            logger.LogWarning(failed, "Notice {NoticeId} could not be handed to the webhooks or Web Push; it is handed again later", notice.Id);
            return false;
        }
    }
}
