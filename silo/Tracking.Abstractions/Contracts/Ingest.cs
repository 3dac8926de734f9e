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

/// <summary>A problem with one event of a batch; <see cref="Index"/> is the event's position in the batch.</summary>
[GenerateSerializer, Alias("tracking.event-error")]
public sealed record EventError(
    [property: Id(0)] int Index,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);

[GenerateSerializer, Alias("tracking.record-result")]
public sealed record RecordResult(
    [property: Id(0)] RecordStatus Status,
    [property: Id(1)] int Accepted,
    [property: Id(2)] int Duplicates,
    [property: Id(3)] IReadOnlyList<EventError> Errors,
    [property: Id(4)] TimeSpan RetryAfter)
{
    public static RecordResult Ok(int accepted, int duplicates) => new(RecordStatus.Ok, accepted, duplicates, [], TimeSpan.Zero);

    public static RecordResult Failed(RecordStatus status, IReadOnlyList<EventError> errors, TimeSpan retryAfter = default) =>
        new(status, 0, 0, errors, retryAfter);
}
