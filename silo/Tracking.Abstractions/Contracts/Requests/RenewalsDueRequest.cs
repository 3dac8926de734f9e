using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/renewals/due</c>: 1 to <see cref="MaxItems"/> due items, of any number of agents.</summary>
public sealed record RenewalsDueRequest(IReadOnlyList<RenewalDueRequest?>? Items)
{
    public const int MaxItems = 10_000;
}

/// <summary>One due item (应收), identified by its policy and due date.</summary>
public sealed record RenewalDueRequest(
    [property: Description("The policy's id, 1-128 printable ASCII characters.")] string? PolicyId,
    [property: Description("1-64 characters of A-Z a-z 0-9 . _ -")] string? AgentId,
    [property: Description("The branch-local due date, YYYY-MM-DD.")] string? DueDate,
    [property: Description("A JSON number above 0 up to 999999999999.99 with at most 2 decimals.")] decimal? Amount,
    [property: Range(RenewalRequest.MinPolicyYear, RenewalRequest.MaxPolicyYear)] int? PolicyYear);
