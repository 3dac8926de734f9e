using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// Records one ingest request: a stateless worker on every node (always key 0), so the node that received the
/// request coordinates it without another hop. Use <see cref="Key"/>.
/// </summary>
public interface IIngestCoordinatorGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>
    /// Records a request's events (validated, in request order) as a whole: the same event id again within the
    /// request is a duplicate; an unknown agent or a broken rule anywhere stores nothing of the request. Returns
    /// the accepted and duplicate counts, or the refusal with <see cref="EventError.Index"/> the event's
    /// position in the request and <see cref="EventError.Field"/> its field (e.g. <c>agentId</c>,
    /// <c>cancellation.policyId</c>), or <see cref="RecordStatus.Unavailable"/> with the wait before a retry.
    /// </summary>
    /// <remarks>
    /// When the store fails part-way, agents whose append had already committed keep their events: a retry of
    /// the request finds them as duplicates.
    /// </remarks>
    Task<RecordResult> Ingest([Immutable] IReadOnlyList<ActivityEvent> events);
}
