using System.Security.Claims;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Display;

namespace Tracking.Api.Access;

/// <summary>
/// Which display policy binds a caller, if any: a display token (neither admin nor supervisor) sees boards,
/// scoreboards and celebrations through the policy of the board's branch, or for a campaign that of its own
/// branch. Everyone else, and everyone while access control is off, sees them whole.
/// </summary>
public sealed class DisplayShapes(AccessControl access, IGrainFactory grains)
{
    /// <param name="boardBranchId">The branch whose board is shown; null for a campaign (the display's own branch).</param>
    public async Task<DisplayPolicy?> PolicyForAsync(ClaimsPrincipal? user, string? boardBranchId)
    {
        if (!access.IsOn || user is null) return null;
        var caller = Caller.From(user);
        if (!caller.SeesDisplayPolicy) return null;
        var branchId = boardBranchId ?? caller.Branches.Order(StringComparer.Ordinal).FirstOrDefault();
        // A display without a branch sees nothing anyway (it is out of every scope); be strict if it gets here.
        return branchId is null ? DisplayPolicy.Default with { Names = NameDisplay.Masked } : await grains.GetGrain<IBranchGrain>(branchId).GetDisplayPolicy();
    }

    public static T Apply<T>(T payload, DisplayPolicy? policy) where T : class =>
        policy is null ? payload : (T)DisplayViews.ShapeForDisplay(payload, policy);
}
