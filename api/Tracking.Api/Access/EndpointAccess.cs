using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Tracking.Api.Access;

/// <summary>Attaches a rule of the access table to an endpoint; its target is read from the route.</summary>
public static class EndpointAccess
{
    /// <summary>The rule alone (no target): administration, posting events.</summary>
    public static TBuilder Allow<TBuilder>(this TBuilder endpoint, AccessRule rule) where TBuilder : IEndpointConventionBuilder =>
        endpoint.Require(new AccessRequirement(rule));

    /// <summary>The rule about the agent, team, branch or campaign whose id is the route value <paramref name="routeKey"/>.</summary>
    public static TBuilder Allow<TBuilder>(this TBuilder endpoint, AccessRule rule, AccessTargetKind kind, string routeKey = "id")
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.Allow(rule, route => new AccessTarget(kind, route[routeKey] as string ?? ""));

    public static TBuilder Allow<TBuilder>(this TBuilder endpoint, AccessRule rule, Func<RouteValueDictionary, AccessTarget> target)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.Require(new AccessRequirement(rule, target));

    /// <summary>The requirement, and the 401 and 403 problems it may answer (in the OpenAPI description too).</summary>
    private static TBuilder Require<TBuilder>(this TBuilder endpoint, AccessRequirement requirement) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(policy => policy.AddRequirements(requirement))
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
}
