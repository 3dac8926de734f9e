using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain;
using Tracking.Domain.Renewals;

namespace Tracking.Api.Endpoints;

public static class RenewalEndpoints
{
    public static RouteGroupBuilder MapRenewalEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/renewals/due", PutDue)
            .WithName("PutRenewalsDue")
            .WithSummary("Create or replace renewal items due (by policy and due date); every agent is checked before anything is stored.")
            .Allow(AccessRule.Administer);
        api.MapGet("/teams/{id}/renewals", GetTeamRenewals)
            .WithName("GetTeamRenewals")
            .WithSummary("The renewal items due of a team's agents, with what is collected, days left and status; filtered by status and due date.")
            .Allow(AccessRule.ReadTeam, AccessTargetKind.Team);
        api.MapGet("/teams/{id}/renewals/grid", GetTeamRenewalGrid)
            .WithName("GetTeamRenewalGrid")
            .WithSummary("A team's collection grid of a month: its agents' items due this month, last month and whose grace ends this month, by premium year (2, 3, 4 and later), each cell with due, collected and rate.")
            .Allow(AccessRule.ReadTeam, AccessTargetKind.Team);
        return api;
    }

    private static async Task<Results<Ok<RenewalListView>, ValidationProblem, NotFoundProblem>> GetTeamRenewals(
        string id,
        [Description("open, collected or lapsed; default all.")] string? status,
        [Description("The earliest due date listed, YYYY-MM-DD (branch-local).")] string? dueFrom,
        [Description("The latest due date listed, YYYY-MM-DD (branch-local).")] string? dueTo,
        IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (status is not null && status is not ("open" or "collected" or "lapsed"))
            errors.Add("status", $"'{status}' is not a status (open, collected, lapsed).");
        var from = Fields.LocalDate(dueFrom, "dueFrom", errors, required: false);
        var to = Fields.LocalDate(dueTo, "dueTo", errors, required: false);
        if (errors.Any) return Problems.Invalid(errors);

        var team = grains.GetGrain<ITeamGrain>(id);
        if (await team.GetInfo() is null) return Problems.NotFound(UnknownTeam(id));
        var items = (await MemberItemsAsync(team, grains))
            .Where(i => (status is null || i.Status == status) && (from is null || i.DueDate >= from) && (to is null || i.DueDate <= to))
            .OrderBy(i => i.DueDate).ThenBy(i => i.AgentId, StringComparer.Ordinal).ThenBy(i => i.PolicyId, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new RenewalListView(items));
    }

    private static async Task<Results<Ok<RenewalGridView>, ValidationProblem, NotFoundProblem>> GetTeamRenewalGrid(
        string id,
        [Description("The month, YYYY-MM (branch-local); default the branch's current month.")] string? month,
        IGrainFactory grains,
        [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time)
    {
        var errors = new ValidationErrors();
        var first = Fields.LocalMonth(month, "month", errors, required: false);
        if (errors.Any) return Problems.Invalid(errors);

        var team = grains.GetGrain<ITeamGrain>(id);
        if (await team.GetInfo() is not { } info) return Problems.NotFound(UnknownTeam(id));
        var day = first ?? await BranchTodayAsync(info.BranchId, grains, time);
        var items = (await MemberItemsAsync(team, grains))
            .Select(i => new CollectionGridItem(i.DueDate, i.GraceEndsOn, i.PolicyYear, i.Amount, i.Collected));
        return TypedResults.Ok(RenewalGridView.Of(CollectionGrid.Of(day, items)));
    }

    private static string UnknownTeam(string id) => $"Team '{id}' is not known.";

    /// <summary>The due items of the team's current agents, as each agent's book has them today.</summary>
    private static async Task<IEnumerable<RenewalItemView>> MemberItemsAsync(ITeamGrain team, IGrainFactory grains)
    {
        var lists = await Task.WhenAll((await team.GetMembers()).Select(m => grains.GetGrain<IAgentGrain>(m.Id).GetRenewals()));
        return lists.SelectMany(l => l);
    }

    /// <summary>Today on the product clock in the branch's time zone (UTC for a branch not known, which a team never has).</summary>
    private static async Task<DateOnly> BranchTodayAsync(string branchId, IGrainFactory grains, TimeProvider time)
    {
        var zone = await grains.GetGrain<IBranchGrain>(branchId).GetInfo() is { } branch ? branch.TimeZone : "UTC";
        return BranchClock.For(zone).LocalDate(time.GetUtcNow());
    }

    /// <summary>Upserts due items, each with its agent; an unknown agent refuses the whole request (422) before anything is stored.</summary>
    private static async Task<Results<Ok<RenewalsDueResponse>, ValidationProblem, UnprocessableProblem>> PutDue(
        ValidBody<RenewalsDueRequest, IReadOnlyList<RenewalDue>> body, IGrainFactory grains)
    {
        var items = body.Value;
        var byAgent = new Dictionary<string, List<RenewalDue>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!byAgent.TryGetValue(item.AgentId, out var own)) byAgent[item.AgentId] = own = [];
            own.Add(item);
        }

        var known = await Task.WhenAll(byAgent.Keys.Select(async id => (Id: id, Known: await grains.GetGrain<IAgentGrain>(id).GetInfo() is not null)));
        var unknown = known.Where(a => !a.Known).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            var errors = new ValidationErrors();
            for (var i = 0; i < items.Count; i++)
            {
                if (unknown.Contains(items[i].AgentId)) errors.Add($"items[{i}].agentId", $"Agent '{items[i].AgentId}' is not known.");
            }
            return Problems.Unprocessable(errors);
        }

        await Task.WhenAll(byAgent.Select(a => grains.GetGrain<IAgentGrain>(a.Key).UpsertRenewals(a.Value)));
        return TypedResults.Ok(new RenewalsDueResponse(items.Count));
    }
}
