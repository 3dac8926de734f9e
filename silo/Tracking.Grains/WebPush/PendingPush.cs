namespace Tracking.Grains.WebPush;

/// <summary>
/// One alert still to reach one subscription: its JSON payload, when it was decided, how many attempts failed and
/// when the next one is due. Kept in the Web Push grain's state, so a restart resumes the retries.
/// </summary>
[GenerateSerializer, Alias("tracking.pending-push")]
public sealed record PendingPush(
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string AlertId,
    [property: Id(2)] string Payload,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] int FailedAttempts,
    [property: Id(5)] DateTimeOffset NextAttemptAt)
{
    public (string, string) Key => (SubscriptionId, AlertId);
}
