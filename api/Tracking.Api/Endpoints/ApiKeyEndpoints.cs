using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

/// <summary>API keys of ingest systems (docs/api.md, "API keys"): created, listed and revoked by an admin.</summary>
public static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/api-keys", PostApiKey)
            .WithName("PostApiKey")
            .Allow(AccessRule.Administer)
            .WithSummary("Create an API key for an ingest system, scoped to branches; the key is in this answer only.");
        api.MapGet("/api-keys", GetApiKeys)
            .WithName("GetApiKeys")
            .Allow(AccessRule.Administer)
            .WithSummary("Every API key, without the keys themselves.");
        api.MapDelete("/api-keys/{id}", DeleteApiKey)
            .WithName("DeleteApiKey")
            .Allow(AccessRule.Administer)
            .WithSummary("Revoke an API key at once; its next request is refused on every node.");
        return api;
    }

    private static IApiKeyRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.Key);

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, UnprocessableProblem>> PostApiKey(
        ValidBody<ApiKeyRequest, NewApiKey> body, IGrainFactory grains)
    {
        var request = body.Value;
        var known = await Task.WhenAll(request.BranchIds.Select(id => grains.GetGrain<IBranchGrain>(id).GetInfo()));
        var unknown = new ValidationErrors();
        for (var i = 0; i < known.Length; i++)
        {
            if (known[i] is null) unknown.Add($"branchIds[{i}]", $"Branch '{request.BranchIds[i]}' is not known.");
        }
        if (unknown.Any) return Problems.Unprocessable(unknown);

        var created = await Registry(grains).Create(request.Name, request.BranchIds.Distinct(StringComparer.Ordinal).ToArray());
        return TypedResults.Created($"/api/v1/api-keys/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> GetApiKeys(IGrainFactory grains) =>
        TypedResults.Ok(await Registry(grains).List());

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteApiKey(string id, IGrainFactory grains) =>
        ApiKeyFormat.IsId(id) && await Registry(grains).Revoke(id)
            ? TypedResults.NoContent()
            : Problems.NotFound($"API key '{id}' is not known.");
}
