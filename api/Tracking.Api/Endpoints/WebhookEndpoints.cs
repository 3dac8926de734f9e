using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain.Notifications;

namespace Tracking.Api.Endpoints;

/// <summary>A stored webhook as <c>PUT /webhooks/{id}</c> answers it: the secret only when the server generated it.</summary>
public sealed record WebhookAnswer(
    string Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string> BranchIds, IReadOnlyList<string> TeamIds, string Format,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);

/// <summary>Webhooks (docs/api.md, "Webhooks"): defined, listed and deleted by an admin; their deliveries listed.</summary>
public static class WebhookEndpoints
{
    private static readonly string[] DeliveryStatuses = [WebhookDeliveryStatus.Pending, WebhookDeliveryStatus.Delivered, WebhookDeliveryStatus.Failed];

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/webhooks/{id}", PutWebhook)
            .WithName("PutWebhook")
            .Allow(AccessRule.Administer)
            .WithSummary("Create or change a webhook; a secret the server generates is in this answer only.");
        api.MapGet("/webhooks/{id}", GetWebhook)
            .WithName("GetWebhook")
            .Allow(AccessRule.Administer)
            .WithSummary("A webhook, without its secret.");
        api.MapGet("/webhooks", GetWebhooks)
            .WithName("GetWebhooks")
            .Allow(AccessRule.Administer)
            .WithSummary("Every webhook, without secrets.");
        api.MapDelete("/webhooks/{id}", DeleteWebhook)
            .WithName("DeleteWebhook")
            .Allow(AccessRule.Administer)
            .WithSummary("Delete a webhook; its pending deliveries are dropped.");
        api.MapGet("/webhooks/{id}/deliveries", GetDeliveries)
            .WithName("GetWebhookDeliveries")
            .Allow(AccessRule.Administer)
            .WithSummary("A webhook's deliveries, newest first, with their attempts; status=pending|delivered|failed narrows them.");
        return api;
    }

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key);

    private static async Task<Results<Created<WebhookAnswer>, Ok<WebhookAnswer>, ValidationProblem>> PutWebhook(
        string id, ValidBody<WebhookRequest, WebhookDefinition> body, IGrainFactory grains, IConfiguration configuration, CancellationToken cancel)
    {
        if (!Topic.IsValidId(id)) return Problems.Invalid("id", Fields.IdRule);
        var request = body.Value;
        if (!configuration.GetValue<bool>("Webhooks:AllowPrivateNetworks") && await PrivateHostProblemAsync(request.Url, cancel) is { } problem)
            return Problems.Invalid("url", problem);

        var webhook = new WebhookInfo(id, request.Url.OriginalString, request.Events, request.BranchIds, request.TeamIds, request.Format);
        var saved = await Registry(grains).Put(webhook, request.Secret);
        var answer = Answer(saved.Webhook, saved.GeneratedSecret);
        return saved.Created ? TypedResults.Created($"/api/v1/webhooks/{id}", answer) : TypedResults.Ok(answer);
    }

    /// <summary>Why the URL's host may not be posted to (it resolves to a private address, or not at all), or null.</summary>
    private static async Task<string?> PrivateHostProblemAsync(Uri url, CancellationToken cancel)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancel);
        }
        catch (SocketException)
        {
            return $"the host '{url.Host}' cannot be resolved.";
        }
        return addresses.Length == 0 ? $"the host '{url.Host}' cannot be resolved."
            : addresses.FirstOrDefault(PrivateAddresses.IsPrivate) is { } found
                ? $"resolves to {found}, a loopback, link-local or private address; webhooks may only reach public addresses."
                : null;
    }

    private static async Task<Results<Ok<WebhookAnswer>, NotFoundProblem>> GetWebhook(string id, IGrainFactory grains) =>
        await Registry(grains).Get(id) is { } webhook ? TypedResults.Ok(Answer(webhook, null)) : Problems.NotFound($"Webhook '{id}' is not known.");

    private static async Task<Ok<WebhookAnswer[]>> GetWebhooks(IGrainFactory grains) =>
        TypedResults.Ok((await Registry(grains).List()).Select(w => Answer(w, null)).ToArray());

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteWebhook(string id, IGrainFactory grains) =>
        await Registry(grains).Delete(id) ? TypedResults.NoContent() : Problems.NotFound($"Webhook '{id}' is not known.");

    private static async Task<Results<Ok<WebhookDeliveriesView>, ValidationProblem, NotFoundProblem>> GetDeliveries(
        string id, string? status, IGrainFactory grains)
    {
        if (status is not null && !DeliveryStatuses.Contains(status)) return Problems.Invalid("status", "must be pending, delivered or failed.");
        if (await Registry(grains).Get(id) is null) return Problems.NotFound($"Webhook '{id}' is not known.");
        return TypedResults.Ok(new WebhookDeliveriesView(await grains.GetGrain<IWebhookOutboxGrain>(id).List(status)));
    }

    private static WebhookAnswer Answer(WebhookInfo w, string? secret) => new(w.Id, w.Url, w.Events, w.BranchIds, w.TeamIds, w.Format, secret);
}
