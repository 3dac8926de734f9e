namespace Tracking.Domain.Campaigns;

/// <summary>Where a campaign stands in time (docs/api.md, "Campaigns"): before, inside, or after its window.</summary>
public enum CampaignStatus { Scheduled, Running, Finished }

/// <summary>
/// A campaign's window <c>[StartsAt, EndsAt)</c> and the grace period after it. An event counts when it
/// occurred inside the window; it is taken in while it is recorded before <see cref="FreezesAt"/>, so a
/// late report of a sale made before the end still counts for a while, and after that nothing moves.
/// </summary>
/// <remarks>Instants, not local times: an offset-carrying instant names one moment in every time zone.</remarks>
public sealed record CampaignWindow(DateTimeOffset StartsAt, DateTimeOffset EndsAt, TimeSpan Grace)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(1);

    /// <summary>A sprint, not a standing league: long windows would make every agent carry the campaign for ever.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    /// <summary>How far back a campaign set up late may start: its events are counted again from the agents' logs.</summary>
    public static readonly TimeSpan MaxLateSetUp = TimeSpan.FromDays(366);

    public DateTimeOffset FreezesAt => EndsAt + Grace;

    /// <summary>Start inclusive, end exclusive: an event at <c>EndsAt - 1 ms</c> counts, one at <c>EndsAt</c> does not.</summary>
    public bool Contains(DateTimeOffset occurredAt) => occurredAt >= StartsAt && occurredAt < EndsAt;

    public CampaignStatus StatusAt(DateTimeOffset now) =>
        now < StartsAt ? CampaignStatus.Scheduled : now < EndsAt ? CampaignStatus.Running : CampaignStatus.Finished;

    /// <summary>From this moment on the standings are final: no late event, no cancellation changes them.</summary>
    public bool IsFrozenAt(DateTimeOffset now) => now >= FreezesAt;

    /// <summary>The next moment the campaign's state changes by time alone (start, end, freeze), or null once frozen.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset now) =>
        now < StartsAt ? StartsAt : now < EndsAt ? EndsAt : now < FreezesAt ? FreezesAt : null;

    /// <summary>Why this window cannot be used, keyed by the contract's field names (empty when it can).</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (EndsAt <= StartsAt) problems.Add(("endsAt", "must be later than startsAt."));
        else if (EndsAt - StartsAt > MaxLength) problems.Add(("endsAt", "must be at most 366 days after startsAt."));
        if (Grace < TimeSpan.Zero || Grace > MaxGrace) problems.Add(("graceMinutes", "must be from 0 to 1440 minutes."));
        return problems;
    }
}

public static class CampaignStatuses
{
    /// <summary>The contract's name of a status: <c>scheduled</c>, <c>running</c> or <c>finished</c>.</summary>
    public static string Name(this CampaignStatus status) => status switch
    {
        CampaignStatus.Scheduled => "scheduled",
        CampaignStatus.Running => "running",
        _ => "finished",
    };
}
