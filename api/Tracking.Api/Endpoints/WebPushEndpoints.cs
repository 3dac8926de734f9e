using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

/// <summary>
/// Web Push (docs/api.md, "Web Push"): the VAPID public key, and supervisors' browsers subscribing to their teams'
/// alerts. A subscription is its subscriber's: with access control on, the token's <c>sub</c> and claims; off, nobody's
/// (it receives every team's alerts).
/// </summary>
public static class WebPushEndpoints
{
    public static RouteGroupBuilder MapWebPushEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/push/vapid-public-key", GetVapidPublicKey)
            .WithName("GetVapidPublicKey")
            .Allow(AccessRule.ReadPushKey)
            .WithSummary("The VAPID public key (base64url) to subscribe a browser to Web Push with.");
        api.MapPost("/push-subscriptions", PostSubscription)
            .WithName("PostPushSubscription")
            .Allow(AccessRule.SubscribePush)
            .WithSummary("Subscribe a browser to the alerts of the caller's teams; the same endpoint again updates it (same id).");
        api.MapDelete("/push-subscriptions/{id}", DeleteSubscription)
            .WithName("DeletePushSubscription")
            .Allow(AccessRule.SubscribePush)
            .WithSummary("Remove a push subscription: its owner's or, for an admin, anyone's.");
        return api;
    }

    private static IWebPushGrain WebPush(IGrainFactory grains) => grains.GetGrain<IWebPushGrain>(IWebPushGrain.Key);

    private static async Task<Ok<VapidPublicKeyView>> GetVapidPublicKey(IGrainFactory grains) =>
        TypedResults.Ok(new VapidPublicKeyView(await WebPush(grains).VapidPublicKey()));

    private static async Task<Results<Created<PushSubscriptionCreated>, ValidationProblem>> PostSubscription(
        ValidBody<PushSubscriptionRequest, NewPushSubscription> body, HttpContext http, AccessControl access, IGrainFactory grains)
    {
        var request = body.Value;
        var id = await WebPush(grains).Subscribe(request.Endpoint, request.P256dh, request.Auth, Subscriber(http, access));
        return TypedResults.Created($"/api/v1/push-subscriptions/{id}", new PushSubscriptionCreated(id));
    }

    /// <summary>
    /// With access control on, only the owner (same <c>sub</c>) or an admin may remove a subscription; to anyone else an
    /// unknown id is as forbidden as another's, so a 403 does not tell whether it exists.
    /// </summary>
    private static async Task<Results<NoContent, NotFoundProblem, ForbiddenProblem>> DeleteSubscription(
        string id, HttpContext http, AccessControl access, IGrainFactory grains)
    {
        var subscription = await WebPush(grains).Get(id);
        if (access.IsOn && Caller.From(http.User) is { IsAdmin: false } caller
            && (subscription?.Owner.Subject is not { Length: > 0 } owner || owner != caller.Subject))
        {
            var errors = new ValidationErrors();
            errors.Add("id", "is not a push subscription of yours.");
            return Problems.Forbidden(errors);
        }
        return subscription is not null && await WebPush(grains).Unsubscribe(id)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Push subscription '{id}' is not known.");
    }

    private static PushSubscriber Subscriber(HttpContext http, AccessControl access)
    {
        if (!access.IsOn) return PushSubscriber.Anyone;
        var caller = Caller.From(http.User);
        return new PushSubscriber(caller.Subject, caller.IsAdmin, caller.Branches.ToArray(), caller.Teams.ToArray());
    }
}
