using System.Security.Claims;
using Tracking.Domain.Display;

namespace Tracking.Api.Access;

/// <summary>
/// Which display policy binds a caller, if any: a display token (neither admin nor supervisor) sees boards,
/// scoreboards and celebrations through the policy of the board's branch, or for a campaign that of its own
/// branch. Everyone else, and everyone while access control is off, sees them whole.
/// </summary>
public sealed class DisplayShapes(AccessControl access, DisplayPolicies policies)
{
    /// <summary>The branch whose policy binds the caller on this board, or null when none does.</summary>
    /// <param name="boardBranchId">The branch whose board is shown; null for a campaign (the display's own branch).</param>
    public string? PolicyBranchOf(ClaimsPrincipal? user, string? boardBranchId)
    {
        if (!access.IsOn || user is null) return null;
        var caller = Caller.From(user);
        if (!caller.SeesDisplayPolicy) return null;
        // A display without a branch is out of every scope; should one get here, it is bound by an unknown branch's
        // policy, which is the strictest.
        return boardBranchId ?? caller.Branches.Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
    }

    /// <summary>The policy binding the caller on this board, fetched now, or null when none does.</summary>
    public async Task<DisplayPolicy?> PolicyForAsync(ClaimsPrincipal? user, string? boardBranchId) =>
        PolicyBranchOf(user, boardBranchId) is { } branchId
            ? branchId.Length == 0 ? DisplayPolicies.Strictest : await policies.FetchAsync(branchId)
            : null;

    public static T Apply<T>(T payload, DisplayPolicy? policy) where T : class =>
        policy is null ? payload : (T)DisplayViews.ShapeForDisplay(payload, policy);
}
