using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain.Campaigns;

namespace Tracking.Api.Endpoints;

/// <summary>Campaigns (docs/api.md, "Campaigns") and the branches' battle-report rules that go with them.</summary>
public static class CampaignEndpoints
{
    public static RouteGroupBuilder MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", ListCampaigns)
            .WithName("ListCampaigns")
            .WithSummary("The campaigns the caller may see, optionally only those of one status or involving one branch.")
            .Allow(AccessRule.ListCampaigns);
        api.MapPut("/campaigns/{id}", PutCampaign)
            .WithName("PutCampaign")
            .WithSummary("Create a campaign (201) or change one that has not started (200); a started one is locked (409).")
            .Allow(AccessRule.Administer);
        api.MapGet("/campaigns/{id}", GetCampaign)
            .WithName("GetCampaign")
            .WithSummary("A campaign's definition and where it stands.")
            .Allow(AccessRule.ViewCampaign, AccessTargetKind.Campaign);
        api.MapGet("/campaigns/{id}/scoreboard", GetScoreboard)
            .WithName("GetCampaignScoreboard")
            .WithSummary("A campaign's live scoreboard with its countdown.")
            .Allow(AccessRule.ViewCampaign, AccessTargetKind.Campaign);
        api.MapCelebrationRuleEndpoints();
        return api;
    }

    /// <summary>How many campaigns are read at once while listing.</summary>
    private const int ListConcurrency = 64;

    /// <summary>
    /// The listed campaigns, filtered by status and branch; a caller who is not an admin sees only those it may view
    /// one by one (<see cref="AccessRule.ViewCampaign"/>). A branch nobody knows involves no campaign: an empty list.
    /// </summary>
    private static async Task<Results<Ok<CampaignListView>, ValidationProblem>> ListCampaigns(
        [Description("scheduled, running or finished (default: every status)")] string? status,
        [Description("only campaigns with a participant in this branch")] string? branchId,
        HttpContext http, AccessControl access, AccessScope scope, IGrainFactory grains)
    {
        if (status is not null && !Enum.GetValues<CampaignStatus>().Any(known => known.Name() == status))
            return Problems.Invalid("status", $"'{status}' is not a campaign status (scheduled, running, finished).");
        if (branchId is not null && !Topic.IsValidId(branchId)) return Problems.Invalid("branchId", Fields.IdRule);

        var ids = await grains.GetGrain<ICampaignDirectoryGrain>(ICampaignDirectoryGrain.Key).Find(branchId);
        var caller = access.IsOn ? Caller.From(http.User) : null;
        var shown = new List<CampaignView>();
        foreach (var chunk in ids.Chunk(ListConcurrency))
        {
            var views = await Task.WhenAll(chunk.Select(id => VisibleCampaignAsync(id, caller, scope, grains)));
            shown.AddRange(views.OfType<CampaignView>().Where(c => status is null || c.Status == status));
        }
        return TypedResults.Ok(new CampaignListView(shown.OrderBy(c => c.StartsAt).ThenBy(c => c.CampaignId, StringComparer.Ordinal).ToList()));
    }

    /// <summary>The campaign's view when it exists and the caller (null: access control off) may view it.</summary>
    private static async Task<CampaignView?> VisibleCampaignAsync(string id, Caller? caller, AccessScope scope, IGrainFactory grains)
    {
        if (caller is not null && !await scope.AllowsAsync(caller, AccessRule.ViewCampaign, AccessTarget.Campaign(id))) return null;
        return await grains.GetGrain<ICampaignGrain>(id).Get();
    }

    private static async Task<Results<Ok<CampaignView>, NotFoundProblem>> GetCampaign(string id, IGrainFactory grains) =>
        Topic.IsValidId(id) && await grains.GetGrain<ICampaignGrain>(id).Get() is { } campaign
            ? TypedResults.Ok(campaign)
            : Problems.NotFound($"Campaign '{id}' is not known.");

    private static async Task<Results<Ok<CampaignScoreboardView>, NotFoundProblem>> GetScoreboard(
        string id, IGrainFactory grains, DisplayShapes displays, HttpContext http) =>
        Topic.IsValidId(id) && await grains.GetGrain<ICampaignGrain>(id).GetScoreboard() is { } scoreboard
            ? TypedResults.Ok(DisplayShapes.Apply(scoreboard, await displays.PolicyForAsync(http.User, boardBranchId: null)))
            : Problems.NotFound($"Campaign '{id}' is not known.");

    /// <summary>Creates a campaign (201) or changes one that has not started (200); a started one is locked (409).</summary>
    private static async Task<Results<Created<CampaignView>, Ok<CampaignView>, ValidationProblem, ConflictProblem, UnprocessableProblem>> PutCampaign(
        string id, ValidBody<CampaignRequest, CampaignRules> body, IGrainFactory grains)
    {
        if (!Topic.IsValidId(id)) return Problems.Invalid("id", Fields.IdRule);

        var result = await grains.GetGrain<ICampaignGrain>(id).Save(body.Value);
        return result.Status switch
        {
            CampaignSaveStatus.Saved when result.Created => TypedResults.Created($"/api/v1/campaigns/{id}", result.Campaign),
            CampaignSaveStatus.Saved => TypedResults.Ok(result.Campaign),
            CampaignSaveStatus.Locked => Problems.Conflict(result.Errors[0].Message),
            CampaignSaveStatus.UnknownReferences => Problems.Unprocessable(ErrorsOf(result)),
            _ => Problems.Invalid(ErrorsOf(result)),
        };
    }

    private static ValidationErrors ErrorsOf(CampaignSaveResult result)
    {
        var errors = new ValidationErrors();
        foreach (var error in result.Errors) errors.Add(error.Field, error.Message);
        return errors;
    }
}
