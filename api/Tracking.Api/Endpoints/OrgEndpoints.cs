using Tracking.Abstractions;
using System.Text.Json;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain;
using static Tracking.Api.Validation.JsonFields;

namespace Tracking.Api.Endpoints;

public sealed record OrgResponse(int Branches, int Teams, int Agents);

public static class OrgEndpoints
{
    public static RouteGroupBuilder MapOrgEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/org", PutOrg);
        api.MapGet("/branches/{id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<IBranchGrain>(id).GetInfo() is { } info ? Results.Ok(info) : Problems.NotFound($"Branch '{id}' is not known."));
        api.MapGet("/teams/{id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<ITeamGrain>(id).GetInfo() is { } info ? Results.Ok(info) : Problems.NotFound($"Team '{id}' is not known."));
        api.MapGet("/teams/{id}/members", async (string id, IGrainFactory grains) =>
        {
            var team = grains.GetGrain<ITeamGrain>(id);
            return await team.GetInfo() is null ? Problems.NotFound($"Team '{id}' is not known.") : Results.Ok(await team.GetMembers());
        });
        api.MapGet("/agents/{id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<IAgentGrain>(id).GetInfo() is { } info ? Results.Ok(info) : Problems.NotFound($"Agent '{id}' is not known."));
        return api;
    }

    /// <summary>Upserts branches, then teams, then agents; every reference is checked before anything is stored.</summary>
    private static async Task<IResult> PutOrg(HttpRequest request, IGrainFactory grains, [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time)
    {
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "must be an object with any of 'branches', 'teams', 'agents'.");
            return Problems.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var branches = ParseList(root, "branches", errors, ParseBranch);
        var teams = ParseList(root, "teams", errors, ParseTeam);
        var agents = ParseList(root, "agents", errors, (e, path, errs) => ParseAgent(e, path, errs, now));
        if (errors.Any) return Problems.Invalid(errors);

        // References: a team's branch and an agent's team must exist, here or already stored.
        var branchIds = branches.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var teamsById = new Dictionary<string, TeamInfo>(StringComparer.Ordinal);
        foreach (var team in teams) teamsById[team.Id] = team;
        var missing = new ValidationErrors();
        for (var i = 0; i < teams.Count; i++)
        {
            if (!branchIds.Contains(teams[i].BranchId) && await grains.GetGrain<IBranchGrain>(teams[i].BranchId).GetInfo() is null)
                missing.Add($"teams[{i}].branchId", $"Branch '{teams[i].BranchId}' is not known.");
        }
        for (var i = 0; i < agents.Count; i++)
        {
            if (teamsById.ContainsKey(agents[i].TeamId)) continue;
            if (await grains.GetGrain<ITeamGrain>(agents[i].TeamId).GetInfo() is { } stored) teamsById[stored.Id] = stored;
            else missing.Add($"agents[{i}].teamId", $"Team '{agents[i].TeamId}' is not known.");
        }
        if (missing.Any) return Problems.Unprocessable(missing);

        foreach (var branch in branches) await grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await Task.WhenAll(teams.Select(t => grains.GetGrain<ITeamGrain>(t.Id).Upsert(t)));
        foreach (var agent in agents) await grains.GetGrain<IAgentGrain>(agent.Id).Upsert(agent, teamsById[agent.TeamId]);

        return Results.Ok(new OrgResponse(branches.Count, teams.Count, agents.Count));
    }

    private static List<T> ParseList<T>(JsonElement root, string name, ValidationErrors errors, Func<JsonElement, string, ValidationErrors, T?> parse)
        where T : class
    {
        var result = new List<T>();
        if (!root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null) return result;
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, "must be an array.");
            return result;
        }
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"{name}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object) { errors.Add(path, "must be an object."); continue; }
            if (parse(item, path, errors) is { } parsed) result.Add(parsed);
        }
        return result;
    }

    private static string? Name(JsonElement e, string path, ValidationErrors errors)
    {
        var name = String(e, "name", $"{path}.name", errors);
        if (name is null) return null;
        if (name.Trim().Length is >= 1 and <= 200) return name;
        errors.Add($"{path}.name", "must be 1-200 characters.");
        return null;
    }

    private static BranchInfo? ParseBranch(JsonElement e, string path, ValidationErrors errors)
    {
        var id = Id(e, "id", $"{path}.id", errors);
        var name = Name(e, path, errors);
        var zone = String(e, "timeZone", $"{path}.timeZone", errors);
        if (zone is not null && !BranchClock.IsKnownTimeZone(zone))
        {
            errors.Add($"{path}.timeZone", $"'{zone}' is not a known IANA time zone, e.g. Asia/Shanghai.");
            zone = null;
        }
        var workingDays = ParseWorkingDays(e, $"{path}.workingDays", errors);
        var workingHours = ParseWorkingHours(e, $"{path}.workingHours", errors);
        return id is null || name is null || zone is null ? null : new BranchInfo(id, name, zone, workingDays, workingHours);
    }

    private static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static IReadOnlyList<string>? ParseWorkingDays(JsonElement e, string path, ValidationErrors errors)
    {
        if (!e.TryGetProperty("workingDays", out var list) || list.ValueKind == JsonValueKind.Null) return null;
        var days = new List<string>();
        if (list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                var day = item.ValueKind == JsonValueKind.String ? item.GetString()!.ToLowerInvariant() : null;
                if (day is null || !DayNames.Contains(day) || days.Contains(day)) { days.Clear(); break; }
                days.Add(day);
            }
        }
        if (days.Count > 0) return DayNames.Where(days.Contains).ToArray();
        errors.Add(path, "must be a non-empty array of distinct day names, e.g. [\"monday\", …, \"saturday\"].");
        return null;
    }

    private static WorkingHoursInfo? ParseWorkingHours(JsonElement e, string path, ValidationErrors errors)
    {
        if (!TryObject(e, "workingHours", path, errors, out var hours, required: false)) return null;
        var start = String(hours, "start", $"{path}.start", errors);
        var end = String(hours, "end", $"{path}.end", errors);
        if (start is null || end is null) return null;
        if (TimeOnly.TryParseExact(start, "HH:mm", out var from) && TimeOnly.TryParseExact(end, "HH:mm", out var to) && from < to)
            return new WorkingHoursInfo(start, end);
        errors.Add(path, "start and end must be local times \"HH:mm\" with start before end.");
        return null;
    }

    private static TeamInfo? ParseTeam(JsonElement e, string path, ValidationErrors errors)
    {
        var id = Id(e, "id", $"{path}.id", errors);
        var branchId = Id(e, "branchId", $"{path}.branchId", errors);
        var name = Name(e, path, errors);
        var supervisors = new List<string>();
        if (e.TryGetProperty("supervisorIds", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array) errors.Add($"{path}.supervisorIds", "must be an array of ids.");
            else
            {
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { } s && IsExternalId(s)) supervisors.Add(s);
                    else errors.Add($"{path}.supervisorIds[{i}]", "must be 1-128 printable ASCII characters.");
                    i++;
                }
            }
        }
        return id is null || branchId is null || name is null ? null : new TeamInfo(id, branchId, name, supervisors);
    }

    private static AgentInfo? ParseAgent(JsonElement e, string path, ValidationErrors errors, DateTimeOffset now)
    {
        var id = Id(e, "id", $"{path}.id", errors);
        var teamId = Id(e, "teamId", $"{path}.teamId", errors);
        var name = Name(e, path, errors);
        var active = Bool(e, "active", $"{path}.active", errors, required: false) ?? true;
        var effectiveFrom = Instant(e, "effectiveFrom", $"{path}.effectiveFrom", errors, required: false) ?? now;
        return id is null || teamId is null || name is null ? null : new AgentInfo(id, teamId, name, active, effectiveFrom);
    }
}
