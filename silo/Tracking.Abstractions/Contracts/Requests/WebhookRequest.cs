using System.ComponentModel;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/webhooks/{id}</c> (docs/api.md, "Webhooks").</summary>
public sealed record WebhookRequest(
    [property: Description("Where deliveries are posted: an http(s) URL whose host is not on a private network.")] string? Url,
    [property: Description("The event types to deliver: alert.raised, alert.acknowledged, alert.resolved, celebration, campaign.finished.")]
    IReadOnlyList<string?>? Events,
    [property: Description("Only events of these branches; none or absent: every branch."),
        WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.Id)] IReadOnlyList<string?>? BranchIds = null,
    [property: Description("Only events of these teams; none or absent: every team."),
        WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.Id)] IReadOnlyList<string?>? TeamIds = null,
    [property: Description("json (default), wecom, dingtalk, slack or teams.")] string? Format = null,
    [property: Description("A Standard Webhooks secret, whsec_ and the base64 of 24-64 bytes; absent: kept, or generated for a new webhook and shown once.")]
    string? Secret = null)
{
    public const int MaxUrlLength = 2048;
}
