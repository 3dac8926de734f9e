using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.Notifications;

/// <summary>
/// One delivery in a webhook's outbox: the body as rendered when the event was decided (every attempt posts the
/// same bytes under the same <see cref="Id"/>, the <c>webhook-id</c>), and its attempts so far.
/// </summary>
[GenerateSerializer, Alias("tracking.stored-webhook-delivery")]
public sealed class StoredDelivery
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Type { get; set; } = "";
    [Id(2)] public string Body { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public string Status { get; set; } = WebhookDeliveryStatus.Pending;
    [Id(5)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(6)] public List<WebhookAttemptView> Attempts { get; set; } = [];

    public bool IsPending => Status == WebhookDeliveryStatus.Pending;

    public WebhookDeliveryView View(string webhookId) => new(Id, webhookId, Type, Status, CreatedAt, NextAttemptAt, Attempts.ToArray());
}
