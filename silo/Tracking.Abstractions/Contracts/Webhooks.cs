using System.Text.Json.Serialization;

namespace Tracking.Abstractions.Contracts;

/// <summary>The event types a webhook can ask for (docs/api.md, "Webhooks").</summary>
public static class WebhookEventTypes
{
    public const string AlertRaised = "alert.raised";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertResolved = "alert.resolved";
    public const string Celebration = "celebration";
    public const string CampaignFinished = "campaign.finished";

    public static readonly IReadOnlyList<string> All = [AlertRaised, AlertAcknowledged, AlertResolved, Celebration, CampaignFinished];

    /// <summary>The event type of an alert now in <paramref name="status"/> (open, acknowledged, resolved).</summary>
    public static string OfAlertStatus(string status) => status switch
    {
        "acknowledged" => AlertAcknowledged,
        "resolved" => AlertResolved,
        _ => AlertRaised,
    };
}

/// <summary>How a webhook's bodies are shaped: the product's own JSON, or a chat robot's message.</summary>
public static class WebhookFormats
{
    public const string Json = "json";
    public const string WeCom = "wecom";
    public const string DingTalk = "dingtalk";
    public const string Slack = "slack";
    public const string Teams = "teams";

    public static readonly IReadOnlyList<string> All = [Json, WeCom, DingTalk, Slack, Teams];
}

/// <summary>A webhook as the API shows it: never its secret.</summary>
[GenerateSerializer, Alias("tracking.webhook-info")]
public sealed record WebhookInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] IReadOnlyList<string> BranchIds,
    [property: Id(4)] IReadOnlyList<string> TeamIds,
    [property: Id(5)] string Format);

/// <summary>The answer to <c>PUT /webhooks/{id}</c>: the stored webhook, and the secret only when the server made it.</summary>
[GenerateSerializer, Alias("tracking.saved-webhook")]
public sealed record SavedWebhook(
    [property: Id(0)] WebhookInfo Webhook,
    [property: Id(1)] bool Created,
    [property: Id(2)] string? GeneratedSecret);

/// <summary>
/// Something webhooks may be told of: an alert's change, a celebration, or a campaign's final scoreboard. It
/// matches a webhook's filters by <see cref="BranchIds"/> (any of them) and <see cref="TeamId"/> (none: team filters
/// do not apply); <see cref="Language"/> is the branch's, for chat robots' text.
/// </summary>
[GenerateSerializer, Alias("tracking.webhook-event")]
public sealed record WebhookEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] IReadOnlyList<string> BranchIds,
    [property: Id(2)] string? TeamId,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] string Language,
    [property: Id(5)] AlertView? Alert = null,
    [property: Id(6)] CelebrationView? Celebration = null,
    [property: Id(7)] CampaignScoreboardView? Scoreboard = null);

/// <summary>One attempt of a delivery: when, the HTTP status (0: no answer), how long it took.</summary>
[GenerateSerializer, Alias("tracking.webhook-attempt")]
public sealed record WebhookAttemptView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int Status,
    [property: Id(2)] long Ms);

/// <summary>A delivery as <c>GET /webhooks/{id}/deliveries</c> lists it; <see cref="DeliveryId"/> is its <c>webhook-id</c>.</summary>
[GenerateSerializer, Alias("tracking.webhook-delivery-view")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string WebhookId,
    [property: Id(2)] string Type,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] IReadOnlyList<WebhookAttemptView> Attempts);

/// <summary>The body of <c>GET /webhooks/{id}/deliveries</c>.</summary>
public sealed record WebhookDeliveriesView([property: JsonPropertyName("deliveries")] IReadOnlyList<WebhookDeliveryView> Deliveries);

/// <summary>Delivery statuses.</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
