using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

/// <summary>Campaigns (CONTRACT.md "Campaigns (sprints)") and the branches' battle-report rules that go with them.</summary>
public static class CampaignEndpoints
{
    public static RouteGroupBuilder MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/campaigns/{id}", PutCampaign);
        api.MapGet("/campaigns/{id}", async (string id, IGrainFactory grains) =>
            Topic.IsValidId(id) && await grains.GetGrain<ICampaignGrain>(id).Get() is { } campaign
                ? Results.Ok(campaign)
                : Problems.NotFound($"Campaign '{id}' is not known."));
        api.MapGet("/campaigns/{id}/scoreboard", async (string id, IGrainFactory grains) =>
            Topic.IsValidId(id) && await grains.GetGrain<ICampaignGrain>(id).GetScoreboard() is { } scoreboard
                ? Results.Ok(scoreboard)
                : Problems.NotFound($"Campaign '{id}' is not known."));
        api.MapCelebrationRuleEndpoints();
        return api;
    }

    /// <summary>Creates a campaign (201) or changes one that has not started (200); a started one is locked (409).</summary>
    private static async Task<IResult> PutCampaign(string id, HttpRequest request, IGrainFactory grains)
    {
        if (!Topic.IsValidId(id)) return Problems.Invalid("id", "must be 1-64 characters of A-Z a-z 0-9 . _ -.");
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;
        var errors = new ValidationErrors();
        var rules = CampaignRequestParser.Parse(document!.RootElement, errors);
        if (rules is null) return Problems.Invalid(errors);

        var result = await grains.GetGrain<ICampaignGrain>(id).Save(rules);
        return result.Status switch
        {
            CampaignSaveStatus.Saved when result.Created => Results.Created($"/api/v1/campaigns/{id}", result.Campaign),
            CampaignSaveStatus.Saved => Results.Ok(result.Campaign),
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
