using System.ComponentModel;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>POST /api/v1/api-keys</c>: the system the key is for, and the branches it may post for.</summary>
public sealed record ApiKeyRequest(
    [property: Description("What the key is for, e.g. crm; 1-100 characters.")] string? Name,
    [property: Description("The branches the key may post events for; none or absent: every branch."),
        WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.Id)] IReadOnlyList<string?>? BranchIds = null)
{
    public const int MaxNameLength = 100;
}
