using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Tracking.Api.Endpoints;

namespace Tracking.Api.Access;

/// <summary>
/// Answers a failed authorization as problem details: 401 after the authentication scheme's challenge (which adds
/// <c>WWW-Authenticate: Bearer</c> and why the token was refused), 403 for a caller outside the rule's role or scope.
/// </summary>
public sealed class AccessProblems : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            if (!context.Response.HasStarted)
                await Problems.Write(context, "Unauthorized.", StatusCodes.Status401Unauthorized,
                    "A valid bearer token (Authorization: Bearer …) or API key (X-Api-Key) is required; it is missing, expired or not valid here.");
            return;
        }
        if (authorizeResult.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Problems.Write(context, "Forbidden.", StatusCodes.Status403Forbidden,
                "The token's role or scope does not allow this request.");
            return;
        }
        await next(context);
    }
}
