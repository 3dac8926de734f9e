using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.Notifications;

/// <summary>
/// A notice a grain decided (an alert's change, a campaign's final standings) and has not yet seen stored by the
/// webhooks' outboxes and, for a raised alert, by Web Push. It is written in the same state write as the decision,
/// so a crash right after that write cannot lose it: the grain hands it over again when it wakes.
/// </summary>
/// <param name="Id">Unique per decision and the same on every handoff: each outbox derives its delivery's
/// <c>webhook-id</c> from it, so a notice handed over twice is delivered under one id.</param>
[GenerateSerializer, Alias("tracking.pending-notice")]
public sealed record PendingNotice(
    [property: Id(0)] string Id,
    [property: Id(1)] WebhookEvent Webhook,
    [property: Id(2)] RaisedAlertPush? Push = null);

/// <summary>A raised alert for the Web Push subscriptions of its team's supervisors, in the branch's language.</summary>
[GenerateSerializer, Alias("tracking.raised-alert-push")]
public sealed record RaisedAlertPush(
    [property: Id(0)] TeamInfo Team,
    [property: Id(1)] string Language,
    [property: Id(2)] AlertView Alert);
