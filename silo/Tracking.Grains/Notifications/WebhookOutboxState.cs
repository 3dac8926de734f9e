using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Notifications;

/// <summary>A webhook's outbox: where it posts (as of the last event), and its deliveries, oldest first.</summary>
[GenerateSerializer, Alias("tracking.webhook-outbox-state")]
public sealed class WebhookOutboxState
{
    [Id(0)] public WebhookTarget? Target { get; set; }
    [Id(1)] public List<StoredDelivery> Deliveries { get; set; } = [];
}
