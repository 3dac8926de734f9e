namespace Tracking.Abstractions.Contracts;

public enum RecordStatus
{
    /// <summary>Every event was stored or recognised as a duplicate.</summary>
    Ok = 0,
    /// <summary>The agent is not known to the organisation (422).</summary>
    UnknownAgent = 1,
    /// <summary>The batch breaks a domain rule, e.g. cancels an unknown policy (422). Nothing was stored.</summary>
    Rejected = 2,
    /// <summary>The event log could not be reached (503). Nothing was stored.</summary>
    Unavailable = 3,
}

/// <summary>
/// A problem with one event of a batch. <see cref="Index"/> is the event's position in the batch that was sent:
/// an agent's own batch when an agent answers, the whole request when the ingest coordinator answers.
/// </summary>
[GenerateSerializer, Immutable, Alias("tracking.event-error")]
public sealed record EventError(
    [property: Id(0)] int Index,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);

/// <summary>
/// Which state of an agent's policy rules a passed check saw: the agent's activation and how often its
/// policies had changed in it. A record that carries the stamp its agent still has needs no second check.
/// </summary>
/// <remarks>The default value stands for "not checked": no activation has an empty id.</remarks>
[GenerateSerializer, Immutable, Alias("tracking.check-stamp")]
public readonly record struct CheckStamp(
    [property: Id(0)] Guid Activation,
    [property: Id(1)] long PolicyVersion);

/// <summary>What became of a batch (or, from the ingest coordinator, of a whole request).</summary>
/// <remarks>Immutable once built: Orleans passes it between local grains without copying.</remarks>
[GenerateSerializer, Immutable, Alias("tracking.record-result")]
public sealed record RecordResult(
    [property: Id(0)] RecordStatus Status,
    [property: Id(1)] int Accepted,
    [property: Id(2)] int Duplicates,
    [property: Id(3)] IReadOnlyList<EventError> Errors,
    [property: Id(4)] TimeSpan RetryAfter,
    [property: Id(5)] CheckStamp CheckedAt = default,
    [property: Id(6)] RoutedReport? Report = null)
{
    public static RecordResult Ok(int accepted, int duplicates) => new(RecordStatus.Ok, accepted, duplicates, [], TimeSpan.Zero);

    /// <summary>A check that found nothing wrong, against the agent's state given by <paramref name="stamp"/>.</summary>
    public static RecordResult Passed(CheckStamp stamp) => new(RecordStatus.Ok, 0, 0, [], TimeSpan.Zero, stamp);

    public static RecordResult Failed(RecordStatus status, IReadOnlyList<EventError> errors, TimeSpan retryAfter = default) =>
        new(status, 0, 0, errors, retryAfter);

    /// <summary>The batch was refused as a whole (unknown agent or a broken rule): a 422.</summary>
    public bool IsRefused => Status is RecordStatus.UnknownAgent or RecordStatus.Rejected;
}
