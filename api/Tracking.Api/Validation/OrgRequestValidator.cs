using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>What <c>PUT /api/v1/org</c> stores, checked field by field (references are the endpoint's to check).</summary>
public sealed record OrgChanges(IReadOnlyList<BranchInfo> Branches, IReadOnlyList<TeamInfo> Teams, IReadOnlyList<AgentInfo> Agents);

/// <summary>Checks the body of <c>PUT /api/v1/org</c>.</summary>
public sealed class OrgRequestValidator([FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time) : IRequestValidator<OrgRequest, OrgChanges>
{
    private static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public JsonTypeInfo<OrgRequest> JsonType => RequestJsonContext.Default.OrgRequest;

    public (string Path, string Message) ShapeError { get; } = ("$", "must be an object with any of 'branches', 'teams', 'agents'.");

    public OrgChanges? Validate(OrgRequest request, ValidationErrors errors)
    {
        var now = time.GetUtcNow();
        var branches = Each(request.Branches, "branches", errors, Branch);
        var teams = Each(request.Teams, "teams", errors, Team);
        var agents = Each(request.Agents, "agents", errors, (e, path, errs) => Agent(e, path, errs, now));
        return errors.Any ? null : new OrgChanges(branches, teams, agents);
    }

    private static BranchInfo? Branch(BranchRequest e, string path, ValidationErrors errors)
    {
        var id = Id(e.Id, $"{path}.id", errors);
        var name = Name(e.Name, $"{path}.name", errors);
        var zone = Present(e.TimeZone, $"{path}.timeZone", errors) ? e.TimeZone : null;
        if (zone is not null && !BranchClock.IsKnownTimeZone(zone))
        {
            errors.Add($"{path}.timeZone", $"'{zone}' is not a known IANA time zone, e.g. Asia/Shanghai.");
            zone = null;
        }
        var workingDays = WorkingDays(e.WorkingDays, $"{path}.workingDays", errors);
        var workingHours = WorkingHours(e.WorkingHours, $"{path}.workingHours", errors);
        var effectiveAgent = EffectiveAgent(e.EffectiveAgent, $"{path}.effectiveAgent", errors);
        var starBands = StarBands(e.StarBands, $"{path}.starBands", errors);
        if (e.Language is { } language && !BranchLanguages.All.Contains(language))
            errors.Add($"{path}.language", "must be zh-CN or en.");
        return id is null || name is null || zone is null ? null
            : new BranchInfo(id, name, zone, workingDays, workingHours)
            {
                EffectiveAgentSetting = effectiveAgent, StarBandsSetting = starBands, LanguageSetting = e.Language,
            };
    }

    /// <summary>Optional; a field left out takes its default (1 policy, FYP 0).</summary>
    private static EffectiveAgentInfo? EffectiveAgent(EffectiveAgentRequest? request, string path, ValidationErrors errors)
    {
        if (request is null) return null;
        var d = EffectiveAgentInfo.Default;
        var minPolicies = request.MinPolicies is null ? d.MinPolicies
            : Integer(request.MinPolicies, $"{path}.minPolicies", errors, EffectiveAgentRequest.MinPoliciesFloor, EffectiveAgentRequest.MinPoliciesCeiling);
        var minFyp = Money(request.MinFyp, $"{path}.minFyp", errors, required: false) ?? (request.MinFyp is null ? d.MinFyp : null);
        return minPolicies is { } policies && minFyp is { } fyp ? new EffectiveAgentInfo(policies, fyp) : null;
    }

    /// <summary>Optional; up to ten bands with distinct stars, each band's fields required.</summary>
    private static IReadOnlyList<StarBandInfo>? StarBands(IReadOnlyList<StarBandRequest?>? list, string path, ValidationErrors errors)
    {
        if (list is null) return null;
        if (list.Count > BranchRequest.MaxStarBands)
        {
            errors.Add(path, $"must hold at most {BranchRequest.MaxStarBands} bands.");
            return null;
        }
        var seen = new HashSet<int>();
        return Each(list, path, errors, (band, at, errs) =>
        {
            var stars = Integer(band.Stars, $"{at}.stars", errs, StarBandRequest.MinStars, StarBandRequest.MaxStars);
            if (stars is { } s && !seen.Add(s))
            {
                errs.Add($"{at}.stars", $"{s} stars are given by another band already; stars must be distinct.");
                stars = null;
            }
            var minEffective = MinEffective(band.MinEffective, $"{at}.minEffective", errs);
            return stars is { } n && minEffective is { } min ? new StarBandInfo(n, min) : null;
        });
    }

    private static decimal? MinEffective(decimal? value, string path, ValidationErrors errors)
    {
        if (!Present(value, path, errors)) return null;
        if (value is >= 0m and <= StarBandRequest.MaxMinEffective) return value;
        errors.Add(path, $"must be a number from 0 to {StarBandRequest.MaxMinEffective:0}.");
        return null;
    }

    private static IReadOnlyList<string>? WorkingDays(IReadOnlyList<string?>? list, string path, ValidationErrors errors)
    {
        if (list is null) return null;
        var days = new List<string>();
        foreach (var item in list)
        {
            var day = item?.ToLowerInvariant();
            if (day is null || !DayNames.Contains(day) || days.Contains(day)) { days.Clear(); break; }
            days.Add(day);
        }
        if (days.Count > 0) return DayNames.Where(days.Contains).ToArray();
        errors.Add(path, BranchRequest.WorkingDaysRule);
        return null;
    }

    private static WorkingHoursInfo? WorkingHours(WorkingHoursRequest? hours, string path, ValidationErrors errors)
    {
        if (hours is null) return null;
        var start = Present(hours.Start, $"{path}.start", errors) ? hours.Start : null;
        var end = Present(hours.End, $"{path}.end", errors) ? hours.End : null;
        if (start is null || end is null) return null;
        if (TimeOnly.TryParseExact(start, "HH:mm", out var from) && TimeOnly.TryParseExact(end, "HH:mm", out var to) && from < to)
            return new WorkingHoursInfo(start, end);
        errors.Add(path, "start and end must be local times \"HH:mm\" with start before end.");
        return null;
    }

    private static TeamInfo? Team(TeamRequest e, string path, ValidationErrors errors)
    {
        var id = Id(e.Id, $"{path}.id", errors);
        var branchId = Id(e.BranchId, $"{path}.branchId", errors);
        var name = Name(e.Name, $"{path}.name", errors);
        var supervisors = new List<string>();
        for (var i = 0; i < (e.SupervisorIds?.Count ?? 0); i++)
        {
            if (e.SupervisorIds![i] is { } s && IsExternalId(s)) supervisors.Add(s);
            else errors.Add($"{path}.supervisorIds[{i}]", ExternalIdRule);
        }
        return id is null || branchId is null || name is null ? null : new TeamInfo(id, branchId, name, supervisors);
    }

    private static AgentInfo? Agent(AgentRequest e, string path, ValidationErrors errors, DateTimeOffset now)
    {
        var id = Id(e.Id, $"{path}.id", errors);
        var teamId = Id(e.TeamId, $"{path}.teamId", errors);
        var name = Name(e.Name, $"{path}.name", errors);
        var effectiveFrom = Instant(e.EffectiveFrom, $"{path}.effectiveFrom", errors, required: false) ?? now;
        return id is null || teamId is null || name is null ? null
            : new AgentInfo(id, teamId, name, e.Active ?? true, effectiveFrom) { NameHidden = !(e.PublicDisplay ?? true) };
    }
}
