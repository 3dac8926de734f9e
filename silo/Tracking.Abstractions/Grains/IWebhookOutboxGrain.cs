using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>Where a webhook is posted to and how: its URL, format and Standard Webhooks secret.</summary>
[GenerateSerializer, Alias("tracking.webhook-target")]
public sealed record WebhookTarget(
    [property: Id(0)] string Url,
    [property: Id(1)] string Format,
    [property: Id(2)] string Secret);

/// <summary>
/// One webhook's durable outbox (key: the webhook id): a delivery is stored before its first attempt, so a
/// restart resumes it, and attempted until delivered or 24 hours old (docs/api.md, "Webhooks").
/// </summary>
public interface IWebhookOutboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores a delivery of the event, rendered for the target, and starts attempting it; completes once it is
    /// stored. Its <c>webhook-id</c> is derived from <paramref name="noticeId"/>: the same notice enqueued again
    /// (handed over again after a crash) is the delivery already there, not a second one.
    /// </summary>
    Task Enqueue([Immutable] WebhookTarget target, string noticeId, [Immutable] WebhookEvent notice);

    /// <summary>The deliveries (newest first), only those in <paramref name="status"/> when given.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<WebhookDeliveryView>> List(string? status);

    /// <summary>Activates the outbox, which resumes its pending deliveries on activation.</summary>
    [OneWay]
    Task Wake();

    /// <summary>The webhook was deleted: forgets every delivery and stops attempting.</summary>
    Task Clear();
}
