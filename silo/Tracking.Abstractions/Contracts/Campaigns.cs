using System.Text.Json.Serialization;
using Orleans.Concurrency;
using Tracking.Domain;
using Tracking.Domain.Campaigns;

namespace Tracking.Abstractions.Contracts;

// Campaigns (docs/api.md, "Campaigns"): the shapes clients see and what grains tell each other.

[GenerateSerializer, Alias("tracking.campaign-participants-view")]
public sealed record CampaignParticipantsView(
    [property: Id(0)] IReadOnlyList<string> BranchIds,
    [property: Id(1)] IReadOnlyList<string> TeamIds,
    [property: Id(2)] IReadOnlyList<string> AgentIds);

/// <summary>A campaign's definition and where it stands (<c>GET /api/v1/campaigns/{id}</c>).</summary>
[GenerateSerializer, Alias("tracking.campaign-view")]
public sealed record CampaignView(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Metric,
    [property: Id(3)] string Unit,
    [property: Id(4)] string Scoring,
    [property: Id(5)] DateTimeOffset StartsAt,
    [property: Id(6)] DateTimeOffset EndsAt,
    [property: Id(7)] int GraceMinutes,
    [property: Id(8)] DateTimeOffset FreezesAt,
    [property: Id(9)] CampaignParticipantsView Participants,
    [property: Id(10)] decimal? Target,
    [property: Id(11)] IReadOnlyDictionary<string, decimal> Targets,
    [property: Id(12)] string Status,
    [property: Id(13)] bool Frozen);

/// <summary>The campaigns a caller may see (<c>GET /api/v1/campaigns</c>), by start, then id.</summary>
public sealed record CampaignListView(IReadOnlyList<CampaignView> Campaigns);

/// <summary>
/// One participant on a scoreboard; <see cref="Progress"/> is value ÷ target, null without a target.
/// <see cref="NameHidden"/> (never sent) says an agent's name must not reach display screens, which then
/// receive <see cref="Name"/> null.
/// </summary>
[GenerateSerializer, Alias("tracking.campaign-entry-view")]
public sealed record CampaignEntryView(
    [property: Id(0)] int Rank,
    [property: Id(1)] string Id,
    [property: Id(2)] string? Name,
    [property: Id(3)] decimal Value,
    [property: Id(4)] decimal? Target,
    [property: Id(5)] decimal? Progress,
    [property: Id(6), JsonIgnore] bool NameHidden = false);

/// <summary>
/// A campaign's live scoreboard (<c>GET …/scoreboard</c> and the <c>campaign</c> message). Ranked by value,
/// or by progress with percent-of-target scoring. <see cref="StartsIn"/> and <see cref="EndsIn"/> are whole
/// seconds from <see cref="AsOf"/> (null once passed), for the countdown. <see cref="RankedCount"/> (never
/// sent) is how many the scoreboard ranks, for a display screen's policy that hides the lower half.
/// </summary>
[GenerateSerializer, Alias("tracking.campaign-scoreboard-view")]
public sealed record CampaignScoreboardView(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Metric,
    [property: Id(3)] string Unit,
    [property: Id(4)] string Scoring,
    [property: Id(5)] string Status,
    [property: Id(6)] bool Frozen,
    [property: Id(7)] DateTimeOffset StartsAt,
    [property: Id(8)] DateTimeOffset EndsAt,
    [property: Id(9)] DateTimeOffset FreezesAt,
    [property: Id(10)] long Version,
    [property: Id(11)] DateTimeOffset AsOf,
    [property: Id(12)] long? StartsIn,
    [property: Id(13)] long? EndsIn,
    [property: Id(14)] decimal? Target,
    [property: Id(15)] IReadOnlyList<CampaignEntryView> Entries,
    [property: Id(16), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null,
    [property: Id(17), JsonIgnore] int RankedCount = 0);

public enum CampaignSaveStatus
{
    Saved = 0,
    /// <summary>The rules are not acceptable as of now, e.g. the window has already begun (400).</summary>
    Invalid = 1,
    /// <summary>A participant or a target's participant does not exist (422).</summary>
    UnknownReferences = 2,
    /// <summary>The campaign is running or finished: its rules are locked (409).</summary>
    Locked = 3,
}

[GenerateSerializer, Alias("tracking.campaign-field-error")]
public sealed record CampaignFieldError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Message);

[GenerateSerializer, Alias("tracking.campaign-save-result")]
public sealed record CampaignSaveResult(
    [property: Id(0)] CampaignSaveStatus Status,
    [property: Id(1)] CampaignView? Campaign,
    [property: Id(2)] IReadOnlyList<CampaignFieldError> Errors,
    [property: Id(3)] bool Created = false)
{
    public static CampaignSaveResult Failed(CampaignSaveStatus status, params CampaignFieldError[] errors) => new(status, null, errors);
}

/// <summary>
/// An agent's absolute tally in one campaign, with a version (docs/design.md, principle 4): the campaign keeps
/// the newest per agent, so a lost or repeated report heals with the next one.
/// </summary>
[GenerateSerializer, Immutable, Alias("tracking.campaign-tally-report")]
public sealed record CampaignTallyReport(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<CampaignCredit> Credits);

/// <summary>The campaigns registered with a branch, as its agents cache them; the version grows with every change.</summary>
[GenerateSerializer, Immutable, Alias("tracking.campaign-list")]
public sealed record CampaignList(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<CampaignRegistration> Campaigns)
{
    public static CampaignList Empty { get; } = new(0, []);
}

/// <summary>Who is in a branch: its teams and agents (with their dated memberships), for building a campaign's roster.</summary>
[GenerateSerializer, Alias("tracking.branch-roster")]
public sealed record BranchRoster(
    [property: Id(0)] BranchInfo Info,
    [property: Id(1)] IReadOnlyList<TeamInfo> Teams,
    [property: Id(2)] IReadOnlyList<MemberInfo> Members);
