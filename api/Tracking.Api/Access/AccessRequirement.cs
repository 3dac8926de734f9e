using Microsoft.AspNetCore.Authorization;

namespace Tracking.Api.Access;

/// <summary>
/// An authorization requirement naming one rule of the access table. On an endpoint the rule's target comes from
/// the route (<see cref="TargetOf"/>); on the hub the target is passed as the resource.
/// </summary>
public sealed class AccessRequirement(AccessRule rule, Func<RouteValueDictionary, AccessTarget>? targetFromRoute = null) : IAuthorizationRequirement
{
    public AccessRule Rule => rule;

    public AccessTarget TargetOf(RouteValueDictionary route) => targetFromRoute?.Invoke(route) ?? AccessTarget.None;

    public override string ToString() => $"access rule {rule}";
}

/// <summary>
/// Decides every <see cref="AccessRequirement"/> through <see cref="AccessScope"/>: with access control off
/// everything is allowed; on, an anonymous caller is challenged (401) and one outside the rule forbidden (403).
/// </summary>
public sealed class AccessHandler(AccessControl access, AccessScope scope) : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (!access.IsOn)
        {
            context.Succeed(requirement);
            return;
        }
        if (context.User.Identity?.IsAuthenticated != true) return;
        var target = context.Resource switch
        {
            AccessTarget t => t,
            HttpContext http => requirement.TargetOf(http.Request.RouteValues),
            _ => AccessTarget.None,
        };
        if (await scope.AllowsAsync(Caller.From(context.User), requirement.Rule, target)) context.Succeed(requirement);
    }
}
