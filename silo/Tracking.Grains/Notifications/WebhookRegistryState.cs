namespace Tracking.Grains.Notifications;

/// <summary>The webhook registry's state: every webhook, by id.</summary>
[GenerateSerializer, Alias("tracking.webhook-registry-state")]
public sealed class WebhookRegistryState
{
    [Id(0)] public Dictionary<string, StoredWebhook> Webhooks { get; set; } = new(StringComparer.Ordinal);
}
