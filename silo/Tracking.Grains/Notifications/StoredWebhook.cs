using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Notifications;

/// <summary>A webhook as the registry keeps it: what the API shows, and the secret it signs with.</summary>
[GenerateSerializer, Alias("tracking.stored-webhook")]
public sealed record StoredWebhook(
    [property: Id(0)] WebhookInfo Info,
    [property: Id(1)] string Secret)
{
    public WebhookTarget Target => new(Info.Url, Info.Format, Secret);

    /// <summary>
    /// Empty filters match all; an event matches when one of its branches is listed and its team is listed. An
    /// event of no team (a campaign's end, a team's or branch's campaign win) passes the team filter.
    /// </summary>
    public bool Matches(WebhookEvent notice) =>
        Info.Events.Contains(notice.Type)
        && (Info.BranchIds.Count == 0 || notice.BranchIds.Any(Info.BranchIds.Contains))
        && (Info.TeamIds.Count == 0 || notice.TeamId is null || Info.TeamIds.Contains(notice.TeamId));
}
