using System.Text.Json;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain.Celebrations;
using static Tracking.Api.Validation.JsonFields;

namespace Tracking.Api.Endpoints;

/// <summary>A branch's battle-report rules as the API shows them.</summary>
public sealed record CelebrationRulesView(string BranchId, decimal PolicyMinPremium, bool TargetReached, bool RankUp, int Burst, int IntervalSeconds);

/// <summary>
/// <c>PUT|GET /api/v1/branches/{id}/celebration-rules</c>: which battle reports a branch's TV shows on
/// <c>branch:{id}</c> and how fast. A field left out takes the product default.
/// </summary>
public static class CelebrationRuleEndpoints
{
    public static RouteGroupBuilder MapCelebrationRuleEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/branches/{id}/celebration-rules", async (string id, IGrainFactory grains) =>
        {
            var branch = grains.GetGrain<IBranchGrain>(id);
            return await branch.GetInfo() is null
                ? Problems.NotFound($"Branch '{id}' is not known.")
                : Results.Ok(View(id, await branch.GetCelebrationSettings()));
        });
        api.MapPut("/branches/{id}/celebration-rules", PutRules);
        return api;
    }

    private static async Task<IResult> PutRules(string id, HttpRequest request, IGrainFactory grains)
    {
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "must be an object, e.g. {\"policyMinPremium\": 10000, \"burst\": 3, \"intervalSeconds\": 5}.");
            return Problems.Invalid(errors);
        }
        var d = CelebrationSettings.Default;
        var settings = new CelebrationSettings(
            Present(root, "policyMinPremium") ? Money(root, "policyMinPremium", "policyMinPremium", errors) ?? d.PolicyMinPremium : d.PolicyMinPremium,
            Bool(root, "targetReached", "targetReached", errors, required: false) ?? d.TargetReached,
            Bool(root, "rankUp", "rankUp", errors, required: false) ?? d.RankUp,
            Present(root, "burst") ? Integer(root, "burst", "burst", errors, 1, 100) ?? d.Burst : d.Burst,
            Present(root, "intervalSeconds") ? Integer(root, "intervalSeconds", "intervalSeconds", errors, 1, 3600) ?? d.IntervalSeconds : d.IntervalSeconds);
        foreach (var (field, message) in settings.Problems()) errors.Add(field, message);
        if (errors.Any) return Problems.Invalid(errors);

        var branch = grains.GetGrain<IBranchGrain>(id);
        if (await branch.GetInfo() is null) return Problems.NotFound($"Branch '{id}' is not known.");
        await branch.SetCelebrationSettings(settings);
        return Results.Ok(View(id, settings));
    }

    private static bool Present(JsonElement root, string name) => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static CelebrationRulesView View(string branchId, CelebrationSettings s) =>
        new(branchId, s.PolicyMinPremium, s.TargetReached, s.RankUp, s.Burst, s.IntervalSeconds);
}
